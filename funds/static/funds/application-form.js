/*
 * The application form, a step at a time.
 *
 * - Autosave: a form with data-autosave is posted to its own address every 20 seconds (and when
 *   the page is hidden) if something changed, with the header X-Autosave: 1. The server saves
 *   what is valid and answers with JSON: a message for the status line, `set` (values of inputs
 *   to update, e.g. the id of a budget line just created) and `text` (element ids → text, e.g.
 *   the budget totals). Files are never autosaved; they are uploaded with the form's button.
 * - Budget tables: "Add a line" adds a row from the formset's empty form.
 * - Long answers with data-max-words show how many words they have.
 *
 * Served from the site itself (the CSP allows same-origin scripts only); the form works
 * without it.
 */
(function () {
  "use strict";

  function applyResult(form, body) {
    var set = body.set || {};
    Object.keys(set).forEach(function (name) {
      var input = form.elements.namedItem(name);
      if (input) {
        input.value = set[name];
      }
    });
    var text = body.text || {};
    Object.keys(text).forEach(function (id) {
      var element = document.getElementById(id);
      if (element) {
        element.textContent = text[id];
      }
    });
  }

  function initAutosave(form) {
    var interval = parseInt(form.getAttribute("data-autosave-interval") || "20000", 10);
    var status = form.querySelector("[data-autosave-status]");
    var dirty = false;
    var busy = false;
    var pendingSubmitter = null;
    var changeTimer = null;

    function markDirty() {
      dirty = true;
    }

    function save(keepalive) {
      if (!dirty || busy) {
        return;
      }
      var data = new FormData(form);
      Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) {
        data.delete(input.name);
      });
      data.delete("go");
      busy = true;
      dirty = false;
      fetch(form.action || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        keepalive: Boolean(keepalive),
        headers: { "X-Autosave": "1" },
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (body) {
          applyResult(form, body);
          if (status && body.message) {
            status.textContent = body.message;
          }
        })
        .catch(function () {
          dirty = true;
          if (status) {
            status.textContent = form.getAttribute("data-autosave-failed") || "";
          }
        })
        .finally(function () {
          busy = false;
          if (pendingSubmitter !== null) {
            var submitter = pendingSubmitter;
            pendingSubmitter = null;
            form.requestSubmit(submitter || undefined);
          }
        });
    }

    form.addEventListener("input", markDirty);
    form.addEventListener("change", function () {
      markDirty();
      if (form.hasAttribute("data-autosave-on-change")) {
        window.clearTimeout(changeTimer);
        changeTimer = window.setTimeout(save, 1000);
      }
    });
    form.addEventListener("submit", function (event) {
      // Wait for a save in progress, so that a line it created is not created twice.
      if (busy) {
        event.preventDefault();
        pendingSubmitter = event.submitter || false;
        return;
      }
      dirty = false;
    });
    window.setInterval(save, interval);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        save(true);
      }
    });
  }

  function initAddRow(button) {
    var prefix = button.getAttribute("data-add-row");
    var template = document.getElementById(prefix + "-empty");
    var body = document.querySelector("#" + prefix + "-table tbody");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    if (!template || !body || !total) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, index));
      total.value = index + 1;
      var first = body.lastElementChild.querySelector("select, input:not([type=hidden])");
      if (first) {
        first.focus();
      }
    });
  }

  function initWordCount(area) {
    var max = parseInt(area.getAttribute("data-max-words"), 10);
    var label = area.getAttribute("data-words-label") || "%(count)s / %(max)s";
    var counter = document.createElement("div");
    counter.className = "form-text";
    counter.id = area.id + "-count";
    area.insertAdjacentElement("afterend", counter);
    function update() {
      var words = area.value.trim() ? area.value.trim().split(/\s+/).length : 0;
      counter.textContent = label.replace("%(count)s", words).replace("%(max)s", max);
      counter.classList.toggle("text-danger", words > max);
    }
    area.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave]"), initAutosave);
    Array.prototype.forEach.call(document.querySelectorAll("[data-add-row]"), initAddRow);
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-max-words]"), initWordCount);
  });
})();
