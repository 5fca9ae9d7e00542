// The image picker's answer to the body editor (django-prose-editor speaks the CKEditor
// file-browser protocol): hand over the uploaded image's URL, description and caption.
"use strict";
{
  const chosen = JSON.parse(document.getElementById("chosen-image").textContent);
  const editor = window.opener && window.opener.CKEDITOR;
  if (editor && editor.tools && chosen.callback) {
    editor.tools.callFunction(Number(chosen.callback), chosen.url, {
      alternative_text: chosen.alternative_text,
      caption: chosen.caption,
    });
    window.close();
  }
}
