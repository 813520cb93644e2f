import { api } from "../api.js";
import { h, message, page } from "../dom.js";

/** A candidate's list: the published exercises, each a link to its page. */
export async function exerciseListPage() {
  const area = page("Exercises");
  try {
    const exercises = await api("/exercises");
    area.append(exercises.length === 0 ? message("No exercise is published yet.")
      : h("ul", { class: "list" }, exercises.map((e) => h("li", {}, h("a", { href: `/exercises/${encodeURIComponent(e.id)}` }, e.title)))));
  } catch (error) {
    area.append(message(error.message, "error"));
  }
}
