// Progressive enhancement for "Reply": move the form under the comment being answered.
// Without JavaScript the reply links (?replytocom=<id>#respond) reload the page instead.
(function () {
  "use strict";

  function init() {
    var respond = document.getElementById("respond");
    var form = document.getElementById("commentform");
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
