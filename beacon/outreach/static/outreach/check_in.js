/* The door screen: scan QR codes with the phone's camera (the browser's BarcodeDetector), or
   type the code. Each code is posted to the same URL as the typed form; the answer is JSON. */
(function () {
  "use strict";
  var root = document.querySelector("[data-check-in]");
  if (!root) return;
  var form = root.querySelector("[data-form]");
  var input = form.querySelector("input[name=code]");
  var result = root.querySelector("[data-result]");
  var present = root.querySelector("[data-present]");
  var video = root.querySelector("[data-video]");
  var scan = root.querySelector("[data-scan]");
  var hint = root.querySelector("[data-hint]");
  var busy = false;
  var lastCode = "";

  function show(answer) {
    result.textContent = answer.message;
    result.classList.toggle("is-ok", answer.ok);
    result.classList.toggle("is-bad", !answer.ok);
    if (typeof answer.present === "number") present.textContent = answer.present;
    if (navigator.vibrate) navigator.vibrate(answer.ok ? 80 : [60, 60, 60]);
  }

  function send(code) {
    if (busy) return Promise.resolve();
    busy = true;
    var body = new FormData(form);
    body.set("code", code);
    return fetch(window.location.href, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) { return response.json(); })
      .then(show)
      .finally(function () { busy = false; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = input.value.trim();
    if (!code) return;
    send(code).then(function () { input.value = ""; input.focus(); });
  });

  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
    hint.textContent = root.dataset.noCamera;
    return;
  }
  scan.hidden = false;
  scan.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        scan.hidden = true;
        return video.play();
      })
      .then(function tick() {
        detector.detect(video).then(function (codes) {
          var code = codes.length ? codes[0].rawValue : "";
          if (code && code !== lastCode) {
            lastCode = code;
            send(code);
            setTimeout(function () { lastCode = ""; }, 3000);
          }
        }).finally(function () { window.setTimeout(tick, 250); });
      })
      .catch(function () { hint.textContent = root.dataset.noCamera; });
  });
})();
