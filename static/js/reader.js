// The article page's reader tools: text size (A+ / A−) and the share button (docs/reader.md).
// Loaded in <head> without defer, so that the size this reader chose (localStorage) and the
// "scripts run" class apply before the first paint: nothing moves once the text is shown. The
// page itself is the same for every reader (it is cached); only this script knows the choice.
// Without JavaScript the share links still work and the tools that need it stay hidden.
(function () {
  "use strict";

  var root = document.documentElement;
  var KEY = "newsroom:text-size";
  var SMALLEST = -1;
  var LARGEST = 3;

  function clamp(size) {
    return Math.max(SMALLEST, Math.min(LARGEST, size));
  }

  function storedSize() {
    try {
      var size = parseInt(window.localStorage.getItem(KEY), 10);
      return isNaN(size) ? 0 : clamp(size);
    } catch (error) {
      return 0;  // storage refused (private mode, blocked cookies): the default size
    }
  }

  function currentSize() {
    return parseInt(root.getAttribute("data-text-size") || "0", 10);
  }

  function applySize(size) {
    if (size) root.setAttribute("data-text-size", String(size));
    else root.removeAttribute("data-text-size");
  }

  root.classList.add("reader-js");
  if (navigator.share) root.classList.add("can-share");
  applySize(storedSize());

  function setUpTextSize() {
    var buttons = document.querySelectorAll("[data-text-size-step]");
    function refresh() {
      var size = currentSize();
      Array.prototype.forEach.call(buttons, function (button) {
        var step = parseInt(button.getAttribute("data-text-size-step"), 10);
        button.disabled = step < 0 ? size <= SMALLEST : size >= LARGEST;
      });
    }
    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", function () {
        var step = parseInt(button.getAttribute("data-text-size-step"), 10);
        var size = clamp(currentSize() + step);
        applySize(size);
        try {
          if (size) window.localStorage.setItem(KEY, String(size));
          else window.localStorage.removeItem(KEY);
        } catch (error) {}  // the size still applies to this page
        refresh();
      });
    });
    // Another tab changed the size: follow it.
    window.addEventListener("storage", function (event) {
      if (event.key === KEY) {
        applySize(storedSize());
        refresh();
      }
    });
    refresh();
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.className = "visually-hidden";
      document.body.appendChild(field);
      field.select();
      var copied = false;
      try {
        copied = document.execCommand("copy");
      } catch (error) {}
      document.body.removeChild(field);
      if (copied) resolve();
      else reject(new Error("copy refused"));
    });
  }

  function setUpShare() {
    Array.prototype.forEach.call(document.querySelectorAll(".share__button"), function (button) {
      var status = button.closest(".share").querySelector(".share__status");
      function say(message) {
        status.textContent = "";
        window.setTimeout(function () { status.textContent = message; }, 50);
      }
      button.addEventListener("click", function () {
        if (navigator.share) {
          navigator.share({
            title: button.getAttribute("data-title"),
            url: button.getAttribute("data-share-url")
          }).catch(function () {});  // the reader closed the share sheet
          return;
        }
        copyText(button.getAttribute("data-copy-url")).then(function () {
          button.classList.add("share__button--done");
          say(button.getAttribute("data-copied"));
        }, function () {
          say(button.getAttribute("data-copy-failed"));
        });
      });
    });
  }

  function setUp() {
    setUpTextSize();
    setUpShare();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
