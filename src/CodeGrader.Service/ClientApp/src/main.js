// The web page's router: one script for every path the server answers with index.html.
import { ApiError, currentInvitation, currentSession, signIn, signOut } from "./api.js";
import { append, clear, h, message, page } from "./dom.js";
import { signInPage } from "./pages/signin.js";
import { candidatePage } from "./pages/candidate.js";
import { exerciseListPage } from "./pages/exercises.js";
import { authorHomePage } from "./pages/author-home.js";
import { authorExercisePage } from "./pages/author-exercise.js";
import { submissionsPage } from "./pages/submissions.js";
import { submissionPage } from "./pages/submission.js";

const isAuthor = (session) => session && (session.role === "author" || session.role === "admin");

export function navigate(path) {
  history.pushState(null, "", path);
  route();
}

function nav(session) {
  const area = clear(document.getElementById("nav"));
  if (!session) return;
  const links = isAuthor(session)
    ? [["/author", "Exercises"], ["/author/submissions", "Submissions"]]
    : session.role === "invitee" ? [] : [["/", "Exercises"]];
  append(area, [
    ...links.map(([href, text]) => h("a", { href }, text)),
    h("span", { class: "who" }, `${session.name} (${session.role})`),
    h("button", { type: "button", class: "link", onclick: async () => { await signOut(); navigate("/"); } }, "Sign out"),
  ]);
}

async function openInvitation(token) {
  // The token leaves the address bar at once; the cookie holds it from now on.
  history.replaceState(null, "", "/");
  try {
    const session = await signIn(token);
    nav(session);
    if (session.role !== "invitee") return navigate("/"); // a key pasted into an invitation link: signed in all the same
    const invitation = await currentInvitation();
    if (!invitation) {
      page("Invitation", message("Signed in, but this server does not describe invitations (GET /api/v1/invitation): open the exercise link you were given.", "error"));
      return;
    }
    history.replaceState(null, "", `/exercises/${encodeURIComponent(invitation.exercise)}`);
    await candidatePage(invitation.exercise, session);
  } catch (error) {
    page("Invitation", message(error instanceof ApiError && error.status === 401
      ? `This invitation link does not work: ${error.message}`
      : `Could not open the invitation: ${error.message}`, "error"));
  }
}

async function route() {
  const path = location.pathname;
  const invite = path.match(/^\/invite\/([^/]+)$/);
  if (invite) return openInvitation(decodeURIComponent(invite[1]));

  const session = await currentSession();
  nav(session);
  if (!session) return signInPage(route);

  const exercise = path.match(/^\/exercises\/([^/]+)$/);
  if (exercise) return candidatePage(decodeURIComponent(exercise[1]), session);
  if (path === "/") {
    if (isAuthor(session)) return navigate("/author");
    if (session.role === "invitee") {
      const invitation = await currentInvitation();
      if (invitation) return navigate(`/exercises/${encodeURIComponent(invitation.exercise)}`);
    }
    return exerciseListPage();
  }
  if (!isAuthor(session)) return page("Not here", message("This page is for authors; your key may not see it.", "error"));
  if (path === "/author") return authorHomePage();
  const stats = path.match(/^\/author\/exercises\/([^/]+)$/);
  if (stats) return authorExercisePage(decodeURIComponent(stats[1]));
  if (path === "/author/submissions") return submissionsPage();
  const one = path.match(/^\/author\/submissions\/(\d+)$/);
  if (one) return submissionPage(Number(one[1]));
  return page("Not found", message(`Nothing at ${path}.`, "error"));
}

// Links inside the page move without a reload (the editor's draft is kept in localStorage either way).
document.addEventListener("click", (event) => {
  const link = event.target.closest?.("a[href^='/']");
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || link.target) return;
  if (link.getAttribute("href").startsWith("/api/")) return;
  event.preventDefault();
  navigate(link.getAttribute("href"));
});
window.addEventListener("popstate", route);

route().catch((error) => {
  const area = clear(document.getElementById("main"));
  area.append(message(`Something went wrong: ${error.message}`, "error"));
});
