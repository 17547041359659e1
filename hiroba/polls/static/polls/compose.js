// "Add another answer" in a poll's compose fields: a new blank row, up to the fieldset's limit.
// Without JavaScript the form shows four rows, which is enough for most polls.
(() => {
  function refresh(fieldset) {
    const button = fieldset.querySelector(".poll-add-row");
    const rows = fieldset.querySelectorAll(".poll-choice-rows li").length;
    button.hidden = rows >= Number(fieldset.dataset.maxRows || 10);
  }

  function setUp() {
    document.querySelectorAll(".poll-compose fieldset[data-max-rows]").forEach((fieldset) => {
      const button = fieldset.querySelector(".poll-add-row");
      if (!button || button.dataset.ready) return;
      button.dataset.ready = "1";
      refresh(fieldset);
      button.addEventListener("click", () => {
        const list = fieldset.querySelector(".poll-choice-rows");
        const last = list.querySelector("li:last-child");
        const row = last.cloneNode(true);
        const input = row.querySelector("input");
        input.value = "";
        input.classList.remove("is-invalid");
        const number = list.children.length + 1;
        input.setAttribute("aria-label", `${button.dataset.label} ${number}`);
        list.appendChild(row);
        input.focus();
        refresh(fieldset);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
