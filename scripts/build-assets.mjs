// Builds the front-end assets into src/withus/static/dist/ (git-ignored).
// Run by `make assets`; needs only `npm ci` first. Fails loudly on any error.
import { compile } from "sass";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src/withus/static/dist");
mkdirSync(out, { recursive: true });

const css = compile(join(root, "assets/withus.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "withus.css"), css.css);

const govuk = join(root, "node_modules/govuk-frontend/dist/govuk");
copyFileSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));

// GOV.UK Frontend's CSS names the Royal crest (for a footer logo withus never shows). withus
// must not use it, but production static storage needs every referenced file to exist, so an
// empty image of our own stands in its place.
mkdirSync(join(out, "assets/images"), { recursive: true });
writeFileSync(
  join(out, "assets/images/govuk-crest.svg"),
  '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n',
);
console.log(`assets built in ${out}`);
