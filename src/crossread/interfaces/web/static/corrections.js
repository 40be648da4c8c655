// crossread: analyst corrections on the story page (progressive enhancement; the list shows without this file).
// Shows the hidden controls; each one POSTs a JSON correction to /api/corrections (or DELETEs one) and reloads.
// Same-origin fetch only; nothing from the page is parsed as HTML.
(function () {
  "use strict";

  function span(value) {
    var parts = (value || "").split(":");
    return { doc: parts[0], start: parseInt(parts[1], 10), end: parseInt(parts[2], 10) };
  }

  function say(text) {
    var line = document.querySelector("#corrections .fix-status-line");
    if (line) line.textContent = text;
  }

  function send(method, url, body) {
    var options = { method: method, headers: { "Accept": "application/json" }, credentials: "same-origin" };
    if (body) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      if (response.ok) {
        window.location.reload();
        return;
      }
      return response.json().then(function (error) {
        say("Not saved: " + ((error && error.error && error.error.message) || response.status));
      });
    }, function () { say("Not saved: the server did not answer."); });
  }

  function onClick(event) {
    var button = event.target.closest("button");
    if (!button) return;
    if (button.classList.contains("fix-match")) {
      send("POST", "/api/corrections", { kind: "match_wrong", spans: [span(button.dataset.a), span(button.dataset.b)] });
    } else if (button.classList.contains("fix-status")) {
      var select = button.parentNode.querySelector(".fix-status-value");
      send("POST", "/api/corrections", { kind: "status_wrong", spans: [span(button.dataset.span)], value: select.value });
    } else if (button.classList.contains("fix-speaker")) {
      var name = button.parentNode.querySelector(".fix-speaker-name").value.trim() || "unknown";
      send("POST", "/api/corrections", { kind: "speaker_wrong", spans: [span(button.dataset.span)], value: name });
    } else if (button.classList.contains("fix-undo")) {
      send("DELETE", "/api/corrections/" + encodeURIComponent(button.dataset.id));
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-fix]").forEach(function (el) { el.hidden = false; });
    document.addEventListener("click", onClick);
  });
})();
