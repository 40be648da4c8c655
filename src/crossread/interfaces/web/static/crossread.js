// crossread: progressive enhancement only; every page works without this file.
// 1. Story page: clicking a sentence highlights the sentences that state the same
//    claims in the other sources, and scrolls each column to its first match.
// 2. Upload form: checks the total size before sending and shows progress text.
// No network requests beyond same-origin form posts; article text is never parsed as HTML.
(function () {
  "use strict";

  function columnOf(el) {
    return el.closest(".column");
  }

  function scrollWithin(body, el) {
    var offset = el.offsetTop - body.clientHeight / 3;
    body.scrollTo({ top: Math.max(0, offset), behavior: "smooth" });
  }

  function clearSelection(root) {
    root.classList.remove("has-selection");
    root.querySelectorAll(".sent.is-active, .sent.is-aligned").forEach(function (el) {
      el.classList.remove("is-active", "is-aligned");
    });
  }

  function setupAlignment() {
    var root = document.querySelector("#side-by-side .columns");
    if (!root) return;
    var status = document.querySelector("#side-by-side .align-status");
    root.addEventListener("click", function (event) {
      var sentence = event.target.closest("a.sent[data-claims]");
      if (!sentence || !root.contains(sentence)) return;
      event.preventDefault();
      var wasActive = sentence.classList.contains("is-active");
      clearSelection(root);
      if (wasActive) {
        if (status) status.textContent = "";
        return;
      }
      var ids = (sentence.getAttribute("data-aligned") || "").split(" ").filter(Boolean);
      sentence.classList.add("is-active");
      root.classList.add("has-selection");
      var seenColumns = [];
      ids.forEach(function (id) {
        var other = document.getElementById(id);
        if (!other || !root.contains(other)) return;
        other.classList.add("is-aligned");
        var column = columnOf(other);
        if (column && seenColumns.indexOf(column) < 0) {
          seenColumns.push(column);
          scrollWithin(column.querySelector(".column-body"), other);
        }
      });
      if (status) {
        status.textContent = ids.length
          ? "Same claim in " + ids.length + " sentence" + (ids.length > 1 ? "s" : "") + " of " + seenColumns.length + " other source" + (seenColumns.length > 1 ? "s" : "") + ". Click again to clear."
          : "No other source states this. Click again to clear.";
        var why = sentence.getAttribute("data-why");
        if (why) {  // text, never markup; isolated, since it quotes article words
          var reason = document.createElement("bdi");
          reason.textContent = why;
          status.append(" ", reason);
        }
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        clearSelection(root);
        if (status) status.textContent = "";
      }
    });
  }

  function setupUpload() {
    var form = document.querySelector("form.upload-form");
    if (!form) return;
    var input = form.querySelector("input[type=file]");
    var drop = form.querySelector(".drop");
    var status = form.querySelector(".upload-status");
    var limit = parseInt(form.getAttribute("data-max-bytes") || "0", 10);
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function () { drop.classList.add("dragging"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function () { drop.classList.remove("dragging"); });
    });
    form.addEventListener("submit", function (event) {
      var total = 0;
      for (var i = 0; i < input.files.length; i++) total += input.files[i].size;
      if (!input.files.length) {
        event.preventDefault();
        status.textContent = "Choose one or more files first.";
        status.classList.add("error");
      } else if (limit && total > limit) {
        event.preventDefault();
        status.textContent = "These files are " + Math.round(total / 1048576) + " MB; the limit is " + Math.round(limit / 1048576) + " MB.";
        status.classList.add("error");
      } else {
        status.classList.remove("error");
        status.textContent = "Ingesting " + input.files.length + " file" + (input.files.length > 1 ? "s" : "") + "… reading, cleaning and analyzing; this page updates when done.";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupAlignment();
    setupUpload();
  });
})();
