/* The border-gate kiosk app: polls its playlist (ETag), rotates slides and languages, shows
 * emergency notices over everything, keeps playing its last playlist offline (the service
 * worker caches it) and reports heartbeats. No cookies, no third-party requests. */
(function () {
  "use strict";

  var TOKEN_KEY = "beacon-kiosk-token";
  var PLAYLIST_URL = "/kiosk/api/playlist";
  var HEARTBEAT_URL = "/kiosk/api/heartbeat";
  var EMERGENCY_SECONDS = 8;

  var body = document.body;
  var version = body.dataset.version;
  var state = {
    token: null,
    playlist: null,
    etag: "",
    slideIndex: -1,
    round: 0,
    chosen: null,
    lastTouch: 0,
    emergencyIndex: 0,
    timer: null,
    offlineSince: null,
    onlineSince: new Date().toISOString(),
    errors: [],
    current: "",
    stopped: false
  };

  function $(id) { return document.getElementById(id); }

  function note(error) {
    state.errors.push(String(error).slice(0, 300));
    if (state.errors.length > 20) { state.errors.shift(); }
  }

  function readToken() {
    var match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (match) {
      localStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
      history.replaceState(null, "", location.pathname);
    }
    return localStorage.getItem(TOKEN_KEY);
  }

  function languages() {
    return state.playlist ? state.playlist.kiosk.languages : [];
  }

  function labels(language) {
    var all = (state.playlist && state.playlist.labels) || {};
    return all[language] || all[languages()[0]] || {};
  }

  function slideLanguages(item) {
    return languages().filter(function (code) { return item.texts[code]; });
  }

  function currentLanguage(item) {
    var available = slideLanguages(item);
    if (state.chosen && available.indexOf(state.chosen) !== -1) { return state.chosen; }
    if (state.chosen) { return available[0]; }
    /* Each slide in the next language, one language later each round: every slide comes in
     * every language, and a traveller never waits long for theirs. */
    return available[(state.slideIndex + state.round) % available.length];
  }

  function showOnly(id) {
    ["slide", "welcome"].forEach(function (name) { $(name).hidden = name !== id; });
  }

  function restartProgress(seconds) {
    var bar = $("progress");
    bar.classList.remove("running");
    void bar.offsetWidth;
    bar.firstElementChild.style.animationDuration = seconds + "s";
    bar.classList.add("running");
  }

  function renderSlide(item) {
    var language = currentLanguage(item);
    var text = item.texts[language];
    document.documentElement.lang = language;
    $("slide-title").textContent = text.title;
    $("slide-summary").textContent = text.summary;
    $("slide-qr").innerHTML = text.qr;
    $("slide-qr").setAttribute("role", "img");
    $("slide-qr").setAttribute("aria-label", text.url);
    $("slide-scan").textContent = labels(language).scan || "";
    var figure = $("slide-figure");
    if (text.image) {
      $("slide-image").src = text.image;
      $("slide-image").alt = text.image_alt || "";
      figure.hidden = false;
    } else {
      figure.hidden = true;
    }
    var slide = $("slide");
    slide.dataset.key = item.key;
    slide.dataset.language = language;
    slide.style.animation = "none";
    void slide.offsetWidth;
    slide.style.animation = "";
    showOnly("slide");
    state.current = item.key + "@" + language;
    markLanguage(language);
    restartProgress(item.seconds);
  }

  function markLanguage(language) {
    Array.prototype.forEach.call($("languages").children, function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.language === language));
    });
  }

  function renderLanguageButtons() {
    var nav = $("languages");
    var wanted = languages().join(",");
    if (nav.dataset.languages === wanted) { return; }
    nav.dataset.languages = wanted;
    nav.textContent = "";
    languages().forEach(function (code) {
      var button = document.createElement("button");
      button.type = "button";
      button.lang = code;
      button.dataset.language = code;
      button.textContent = labels(code).name || code;
      button.addEventListener("click", function () { choose(code); });
      nav.appendChild(button);
    });
    nav.setAttribute("aria-label", labels(languages()[0]).choose || "Languages");
  }

  function choose(code) {
    state.chosen = code;
    state.lastTouch = Date.now();
    show(false);
  }

  function renderEmergency(notice) {
    var texts = notice.texts;
    var text = texts[state.emergencyIndex % texts.length];
    var section = $("emergency");
    section.dataset.severity = notice.severity;
    section.dataset.language = text.lang;
    section.lang = text.lang;
    document.documentElement.lang = text.lang;
    $("emergency-badge").textContent = labels(text.lang).emergency || "!";
    $("emergency-title").textContent = text.title;
    $("emergency-body").textContent = text.body;
    section.hidden = false;
    state.current = "emergency-" + notice.id + "@" + text.lang;
    markLanguage(text.lang);
    restartProgress(EMERGENCY_SECONDS);
  }

  /* Show the next thing: the emergency notice's next language, or the next slide. */
  function show(advance) {
    clearTimeout(state.timer);
    if (state.stopped || !state.playlist) { return; }
    if (state.chosen && Date.now() - state.lastTouch > state.playlist.idle_seconds * 1000) {
      state.chosen = null;
    }
    renderLanguageButtons();
    var notice = state.playlist.emergency;
    if (notice && notice.texts.length) {
      if (advance) { state.emergencyIndex += 1; }
      renderEmergency(notice);
      state.timer = setTimeout(function () { show(true); }, EMERGENCY_SECONDS * 1000);
      return;
    }
    $("emergency").hidden = true;
    var slides = state.playlist.slides;
    if (!slides.length) {
      var language = state.chosen || languages()[0];
      document.documentElement.lang = language;
      $("welcome-text").textContent = labels(language).nothing || "";
      showOnly("welcome");
      state.timer = setTimeout(function () { show(true); }, 10000);
      return;
    }
    if (advance || state.slideIndex < 0) {
      state.slideIndex += 1;
      if (state.slideIndex >= slides.length) {
        state.slideIndex = 0;
        state.round += 1;
      }
    }
    if (state.slideIndex >= slides.length) { state.slideIndex = 0; }
    var item = slides[state.slideIndex];
    renderSlide(item);
    state.timer = setTimeout(function () { show(true); }, item.seconds * 1000);
  }

  function setOffline(offline) {
    var marker = $("offline");
    if (!offline) {
      state.offlineSince = null;
      marker.hidden = true;
      body.dataset.network = "online";
      return;
    }
    if (!state.offlineSince) { state.offlineSince = new Date(); }
    var language = languages()[0];
    var time = state.offlineSince.toLocaleTimeString(language || undefined, {
      hour: "2-digit", minute: "2-digit"
    });
    marker.textContent = (labels(language).offline || "Offline since") + " " + time;
    marker.hidden = false;
    body.dataset.network = "offline";
  }

  function unregistered(detail) {
    state.stopped = true;
    clearTimeout(state.timer);
    $("unregistered-detail").textContent = detail || "";
    $("unregistered").hidden = false;
    $("emergency").hidden = true;
    body.dataset.state = "unregistered";
  }

  function apply(playlist) {
    var hadEmergency = state.playlist && state.playlist.emergency;
    var changed = !state.playlist || JSON.stringify(state.playlist.slides.map(function (s) {
      return s.key;
    })) !== JSON.stringify(playlist.slides.map(function (s) { return s.key; }));
    state.playlist = playlist;
    body.classList.toggle("portrait", playlist.kiosk.orientation === "portrait");
    body.dataset.state = playlist.emergency ? "emergency" : "playing";
    if (changed) { state.slideIndex = -1; }
    if (playlist.emergency && !hadEmergency) { state.emergencyIndex = 0; }
    if (changed || Boolean(playlist.emergency) !== Boolean(hadEmergency) || playlist.emergency) {
      show(false);
    }
  }

  function poll() {
    var headers = { Authorization: "Bearer " + state.token };
    if (state.etag) { headers["If-None-Match"] = state.etag; }
    return fetch(PLAYLIST_URL, { headers: headers, cache: "no-store" }).then(function (response) {
      setOffline(response.headers.get("X-Kiosk-Offline") === "1");
      if (response.status === 304) { return null; }
      if (response.status === 401) {
        return response.json().then(function (error) { unregistered(error.message); });
      }
      if (!response.ok) { throw new Error("playlist: HTTP " + response.status); }
      state.etag = response.headers.get("ETag") || "";
      return response.json().then(apply);
    }).catch(function (error) {
      setOffline(true);
      if (navigator.onLine !== false) { note(error); }
    });
  }

  function heartbeat() {
    if (state.stopped) { return; }
    var beat = {
      version: version,
      slide: state.current,
      errors: state.errors.slice(),
      online_since: state.onlineSince
    };
    fetch(HEARTBEAT_URL, {
      method: "POST",
      headers: { Authorization: "Bearer " + state.token, "Content-Type": "application/json" },
      body: JSON.stringify(beat)
    }).then(function (response) {
      if (response.ok) { state.errors.splice(0, beat.errors.length); }
    }).catch(function () { /* offline: the marker says so; the next beat tries again */ });
  }

  function schedule(action, seconds) {
    setInterval(action, seconds * 1000);
  }

  window.addEventListener("error", function (event) { note(event.message); });
  document.addEventListener("error", function (event) {
    if (event.target && event.target.tagName === "IMG") { note("image: " + event.target.src); }
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key === "ArrowRight") { state.lastTouch = Date.now(); show(true); }
  });

  function start() {
    state.token = readToken();
    if (!state.token) {
      unregistered("");
      return;
    }
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register("/kiosk/sw.js", { scope: "/kiosk/" }).catch(note);
      /* Once the worker controls the page, poll through it at once so that it keeps a copy. */
      navigator.serviceWorker.addEventListener("controllerchange", poll);
    }
    poll().then(function () {
      var pollSeconds = state.playlist ? state.playlist.poll_seconds : 10;
      schedule(poll, pollSeconds);
      heartbeat();
      schedule(heartbeat, Number(body.dataset.heartbeat) || 30);
    });
  }

  start();
})();
