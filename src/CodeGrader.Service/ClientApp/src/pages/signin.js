import { ApiError, signIn } from "../api.js";
import { h, message, page } from "../dom.js";

/** Sign in with an API key (or an invitation token): the server keeps it in an HttpOnly cookie, the page forgets it. */
export function signInPage(then) {
  const input = h("input", { id: "key", name: "key", type: "password", autocomplete: "off", required: true, spellcheck: "false" });
  const status = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "card signin" },
    h("label", { for: "key" }, "API key or invitation token"),
    input,
    h("button", { type: "submit" }, "Sign in"),
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.replaceChildren();
    try {
      await signIn(input.value.trim());
      input.value = "";
      await then();
    } catch (error) {
      status.append(message(error instanceof ApiError && error.status === 401 ? "That key is not known to this server." : error.message, "error"));
    }
  });
  page("Sign in", h("p", {}, "Paste the key you were given. Candidates invited by link are signed in by opening the link."), form);
  input.focus();
}
