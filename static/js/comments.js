// Progressive enhancement for "Reply": move the form under the comment being answered.
// Without JavaScript the reply links (?replytocom=<id>#respond) reload the page instead.
// Pages come from a cache shared by all readers, so the form arrives without the reader's
// remembered name and e-mail: when the hint cookie says there are some, they are fetched
// (/comments/author/, never cached) and filled into the empty fields.
(function () {
  "use strict";

  var HINT = /(?:^|;\s*)newsroom_comment_remembered=1(?:;|$)/;

  function fillRemembered(form) {
    var url = form.getAttribute("data-remembered-author");
    if (!url || !window.fetch || !HINT.test(document.cookie)) return;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (data) {
        var filled = false;
        ["author", "email", "url"].forEach(function (name) {
          var field = form.elements[name];
          if (field && !field.value && data[name]) {
            field.value = data[name];
            filled = true;
          }
        });
        var consent = form.elements.cookies_consent;
        if (filled && consent) consent.checked = true;
      })
      .catch(function () {});  // the reader types their name; nothing else depends on it
  }

  // The "edit" link on the reader's own comment (rendered for the browser that posted it)
  // goes when the edit window closes; after that the edit page answers 403 anyway.
  function expireEditLinks() {
    var links = document.querySelectorAll(".comment__edit[data-edit-until]");
    Array.prototype.forEach.call(links, function (link) {
      var left = parseInt(link.getAttribute("data-edit-until"), 10) - Date.now();
      if (!(left > 0)) { link.remove(); return; }
      window.setTimeout(function () { link.remove(); }, Math.min(left, 2147483647));
    });
  }

  function init() {
    expireEditLinks();
    var form = document.getElementById("commentform");
    if (form) fillRemembered(form);
    var respond = document.getElementById("respond");
    if (!respond || !form) return;
    var parentField = form.querySelector('input[name="comment_parent"]');
    var cancel = document.getElementById("cancel-comment-reply-link");
    var replyingTo = document.getElementById("replying-to");
    var home = document.createElement("div");
    home.id = "respond-home";
    home.hidden = true;
    respond.parentNode.insertBefore(home, respond);

    function moveTo(commentId, author) {
      var body = document.querySelector("#comment-" + commentId + " > .comment__body");
      if (!body) return false;
      body.after(respond);
      parentField.value = commentId;
      if (cancel) cancel.parentNode.hidden = false;
      if (replyingTo) {
        var name = document.createElement("bdi");
        name.textContent = author;
        replyingTo.textContent = replyingTo.getAttribute("data-label") + " ";
        replyingTo.appendChild(name);
        replyingTo.hidden = false;
      }
      form.querySelector("textarea").focus();
      return true;
    }

    function restore() {
      home.after(respond);
      parentField.value = "0";
      if (cancel) cancel.parentNode.hidden = true;
      if (replyingTo) replyingTo.hidden = true;
    }

    document.addEventListener("click", function (event) {
      var link = event.target.closest("a.comment__reply");
      if (link && moveTo(link.getAttribute("data-comment-id"), link.getAttribute("data-author"))) {
        event.preventDefault();
      }
    });
    if (cancel) {
      cancel.addEventListener("click", function (event) {
        event.preventDefault();
        restore();
      });
    }
    var errors = document.getElementById("form-errors");
    if (errors) errors.focus();  // a refused comment: take the reader to the reasons
    if (parentField.value && parentField.value !== "0") {
      var current = document.getElementById("comment-" + parentField.value);
      if (current) current.querySelector(".comment__body").after(respond);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
