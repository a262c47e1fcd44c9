/* The kiosk's service worker: the app shell, the last playlist and slide images stay in the
 * cache, so a kiosk that loses the network (or is restarted without it) keeps playing. */
"use strict";

var SHELL = "kiosk-shell-__VERSION__";
var DATA = "kiosk-data";
var SHELL_URLS = ["/kiosk/", "/static/kiosks/kiosk.js", "/static/kiosks/kiosk.css"];
var PLAYLIST_PATH = "/kiosk/api/playlist";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    return cache.addAll(SHELL_URLS);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("kiosk-shell-") === 0 && name !== SHELL;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function offlineCopy(response) {
  var headers = new Headers(response.headers);
  headers.set("X-Kiosk-Offline", "1");
  return response.blob().then(function (body) {
    return new Response(body, { status: 200, headers: headers });
  });
}

/* Network first; keep each full playlist; answer from the cache when the network fails. */
function playlist(request) {
  return caches.open(DATA).then(function (cache) {
    return cache.match(PLAYLIST_PATH).then(function (kept) {
      var toSend = request;
      if (!kept && request.headers.has("If-None-Match")) {
        var headers = new Headers(request.headers);
        headers.delete("If-None-Match");
        toSend = new Request(request.url, { headers: headers, cache: "no-store" });
      }
      return fetch(toSend).then(function (response) {
        if (response.status === 200) {
          cache.put(PLAYLIST_PATH, response.clone());
        } else if (response.status === 401) {
          cache.delete(PLAYLIST_PATH);
        }
        return response;
      }).catch(function (error) {
        if (kept) { return offlineCopy(kept); }
        throw error;
      });
    });
  });
}

function shell(request) {
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(SHELL).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function (error) {
    return caches.match(request, { ignoreSearch: true }).then(function (kept) {
      if (kept) { return kept; }
      throw error;
    });
  });
}

function image(request) {
  return caches.open(DATA).then(function (cache) {
    return cache.match(request).then(function (kept) {
      if (kept) { return kept; }
      return fetch(request).then(function (response) {
        if (response.ok || response.type === "opaque") { cache.put(request, response.clone()); }
        return response;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin === self.location.origin && url.pathname === PLAYLIST_PATH) {
    event.respondWith(playlist(request));
  } else if (request.destination === "image") {
    event.respondWith(image(request));
  } else if (url.origin === self.location.origin &&
             (url.pathname === "/kiosk/" || url.pathname.indexOf("/static/kiosks/") === 0)) {
    event.respondWith(shell(request));
  }
});
