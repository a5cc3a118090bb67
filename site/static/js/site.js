// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Copy a feed address to the clipboard from the "Subscribe" menu.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
      var status = document.getElementById(button.getAttribute("aria-controls"));
      if (status) status.textContent = button.getAttribute("data-copied") || "";
    });
  });
})();
