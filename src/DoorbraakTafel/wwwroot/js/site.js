// Every page: a form is sent once. The button that sent it is switched off right after the
// browser has taken its name and value, so a double click does not record a decision twice.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  if (button && !event.defaultPrevented) {
    setTimeout(() => {
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
    }, 0);
  }
});

// Back to a page from the browser's cache: its buttons work again.
window.addEventListener("pageshow", (event) => {
  if (event.persisted) {
    document.querySelectorAll("button[aria-busy=true]").forEach((button) => {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    });
  }
});
