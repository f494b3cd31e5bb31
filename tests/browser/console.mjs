// The web console in a real browser: Debian's chromium, headless, driven by puppeteer-core
// against a real `fukurou serve` started here on 127.0.0.1 with its own data folder.
//
//   node tests/browser/console.mjs FUKUROU_BINARY [SCREENSHOT_DIR]
//
// Journeys: a member signs in (English), finds the alert its streamed log raised on the
// overview and in the list, opens it and acknowledges it; another member, whose browser
// asks for Japanese, gets the console in Japanese and does not see the first member's
// alert; hostile text from the log line stays text (no dialog opens, no element is
// injected). Prints one line per journey (ok / FAIL); exits 77 (skipped) when chromium
// or puppeteer-core is not there, never passing what did not run.
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SKIP = 77;
const bin = process.argv[2];
const shots = process.argv[3] || null;
const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
if (!bin || !existsSync(bin)) {
  console.error("usage: console.mjs FUKUROU_BINARY [SCREENSHOT_DIR]");
  process.exit(2);
}
let puppeteer;
try {
  puppeteer = (await import("puppeteer-core")).default;
} catch {
  console.log("SKIP browser: puppeteer-core is not installed (npm ci in tests/browser)");
  process.exit(SKIP);
}
if (!chromium) {
  console.log("SKIP browser: chromium is not installed");
  process.exit(SKIP);
}

const PASSWORD = "correct horse battery staple";
const dir = mkdtempSync(join(tmpdir(), "fk-browser-"));
const data = join(dir, "d");
const env = { ...process.env, FK_PW: PASSWORD };
const admin = (...args) =>
  execFileSync(bin, ["admin", "--data", data, ...args], {
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });

admin("org", "create", "NISC", "--sector", "centre");
admin("org", "create", "PowerCo", "--sector", "electricity");
admin("org", "create", "Bank", "--sector", "finance");
for (const [name, org, role] of [
  ["ana", "NISC", "centre-analyst"],
  ["carol", "PowerCo", "member-reporter"],
  ["bob", "Bank", "member-reporter"],
])
  admin("account", "create", name, "--org", org, "--role", role, "--password-env", "FK_PW");
const ingestKey = admin("apikey", "create", "carol", "--permissions", "ingest").split("\n")[0].trim();

const server = spawn(bin, ["serve", "--data", data, "--listen", "127.0.0.1:0"], {
  stdio: ["ignore", "ignore", "pipe"],
});
let log = "";
const port = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("the hub did not start: " + log)), 20000);
  server.stderr.on("data", (b) => {
    log += b.toString();
    const m = log.match(/\(port (\d+)\)/);
    if (m) {
      clearTimeout(timer);
      resolve(Number(m[1]));
    }
  });
});
const base = `http://127.0.0.1:${port}`;

// a web attack in carol's access log, with markup and a right-to-left override in it
const attack =
  '203.0.113.9 - - [30/Nov/2026:10:00:00 +0000] "GET /search?q=<script>alert(1)</script>' +
  '"><img src=x onerror=alert(2)>&f=\u202eexe.pdf HTTP/1.1" 200 512 "-" "Mozilla/5.0"\n' +
  '203.0.113.9 - - [30/Nov/2026:10:00:01 +0000] "GET /../../etc/passwd HTTP/1.1" 404 12 "-" "curl/8.0"\n';
const ingested = await fetch(`${base}/api/v1/ingest?batch=browser-1`, {
  method: "POST",
  headers: { Authorization: `Bearer ${ingestKey}`, "Content-Type": "application/x-ndjson" },
  body: attack,
});
if (ingested.status !== 202) throw new Error(`ingest: HTTP ${ingested.status}`);

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});

let failed = 0;
const dialogs = [];
async function journey(name, fn) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.setViewport({ width: 1280, height: 860 });
  try {
    const what = await fn(page);
    console.log(`ok   ${name}: ${what}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
  } finally {
    await context.close();
  }
}
const check = (cond, what) => {
  if (!cond) throw new Error(what);
};
async function shot(page, name) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}
async function signIn(page, account) {
  await page.goto(`${base}/`);
  check(page.url().includes("/console/sign-in"), `/ leads to the sign-in page, not ${page.url()}`);
  await page.type("input[name=account]", account);
  await page.type("input[name=password]", PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click("form.signin button")]);
  check(page.url().endsWith("/console/"), `signed in to the overview, not ${page.url()}`);
}
const text = (page) => page.evaluate(() => document.body.innerText);

await journey("member_acknowledges_an_alert", async (page) => {
  await signIn(page, "carol");
  let body = "";
  for (let i = 0; i < 100; i++) {
    await page.goto(`${base}/console/`);
    body = await text(page);
    if (/etc\/passwd|traversal|lfi/i.test(body)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  check(/New alerts/.test(body), "the overview lists new alerts");
  await shot(page, "overview-en");
  await page.goto(`${base}/console/alerts`);
  await shot(page, "alerts-en");
  const links = await page.$$eval("table.alerts a", (as) => as.map((a) => a.getAttribute("href")));
  check(links.length >= 1, "the list links to the alerts");
  await page.goto(base + links[0]);
  await shot(page, "alert-en");
  await Promise.all([
    page.waitForNavigation(),
    page.click("section.actions form:first-of-type button"),
  ]);
  body = await text(page);
  check(/State\s*acknowledged/.test(body), "the alert is acknowledged: " + body.slice(0, 300));
  // what the log line carried is shown as text
  let injected = 0;
  for (const href of links) {
    await page.goto(base + href);
    injected += await page.evaluate(
      () => document.querySelectorAll("main script, main img, [onerror]").length,
    );
  }
  check(injected === 0, `${injected} elements injected by the log line`);
  check(dialogs.length === 0, `a dialog opened: ${dialogs.join(", ")}`);
  return `${links.length} alert(s) listed, one acknowledged, nothing injected`;
});

await journey("japanese_for_another_member_who_sees_nothing_of_the_first", async (page) => {
  await page.setExtraHTTPHeaders({ "Accept-Language": "ja-JP,ja;q=0.9,en;q=0.3" });
  await page.goto(`${base}/console/sign-in`);
  check((await page.$eval("html", (h) => h.lang)) === "ja", "the sign-in page is Japanese");
  await shot(page, "sign-in-ja");
  await page.type("input[name=account]", "bob");
  await page.type("input[name=password]", PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click("form.signin button")]);
  await page.goto(`${base}/console/alerts`);
  const body = await text(page);
  check(body.includes("アラートはありません"), "no alert of another member: " + body.slice(0, 300));
  check(!body.includes("PowerCo"), "the other member is not named");
  await shot(page, "alerts-ja");
  return "the console in Japanese, the other member's alert not shown";
});

await journey("centre_sees_whose_alert_in_japanese_after_switching", async (page) => {
  await signIn(page, "ana");
  await Promise.all([page.waitForNavigation(), page.click(".who form:first-of-type button")]);
  await page.goto(`${base}/console/alerts`);
  const body = await text(page);
  check(body.includes("アラート") && body.includes("PowerCo"), "Japanese, with the organisation");
  await shot(page, "alerts-centre-ja");
  return "switched to Japanese; the centre sees the organisation";
});

await journey("report_triage_release_and_who_reads_it", async (page) => {
  // a member reports an incident through its form
  await signIn(page, "carol");
  await page.goto(`${base}/console/reports/new`);
  await shot(page, "report-types-en");
  await Promise.all([page.waitForNavigation(), page.click("a[href$='type=incident']")]);
  await page.type("input[name=title]", "Phishing wave <b>against</b> the control centre");
  await page.type(
    "textarea[name=description]",
    "Mails to PowerCo staff with a fake VPN login page; our SOC traced them.",
  );
  await page.type("input[name='f.occurred_at']", "2026-12-01T09:00:00+09:00");
  await page.select("select[name='f.state']", "ongoing");
  await page.type("textarea[name=indicators]", "198.51.100.23\nvpn-login.evil.example");
  await page.select("select[name=tlp]", "GREEN");
  await page.select("select[name=consent]", "sector");
  await shot(page, "report-form-en");
  await Promise.all([page.waitForNavigation(), page.click("form.stacked button")]);
  check(/\/console\/reports\/\d+$/.test(page.url()), "the report's page: " + page.url());
  return "an incident reported through its form: " + page.url().replace(base, "");
});

await journey("the_centre_triages_and_releases_in_japanese", async (page) => {
  await page.setExtraHTTPHeaders({ "Accept-Language": "ja" });
  await page.goto(`${base}/console/sign-in`);
  await page.type("input[name=account]", "ana");
  await page.type("input[name=password]", PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click("form.signin button")]);
  await page.goto(`${base}/console/reports`);
  await shot(page, "reports-centre-ja");
  const href = await page.$eval("table.reports a", (a) => a.getAttribute("href"));
  await page.goto(base + href);
  await page.select("select[name=severity]", "3");
  await page.type("textarea[name=society]", "重要インフラの制御部門が標的");
  await page.type("textarea[name=systems]", "VPN の認証情報が漏れるおそれ");
  await shot(page, "triage-ja");
  await Promise.all([page.waitForNavigation(), page.click("form[action$='/triage'] button")]);
  await page.type("input[name=sectors]", "electricity");
  await shot(page, "release-form-ja");
  // the preview shows what the anonymisation takes out before anything is released
  await Promise.all([page.waitForNavigation(), page.click("form[action$='/preview'] button")]);
  const removed = await page.$$eval("p.redacted del", (ds) => ds.map((d) => d.textContent));
  const put = await page.$$eval("p.redacted ins", (ds) => ds.map((d) => d.textContent));
  check(removed.includes("PowerCo"), "the provider's name is shown as removed: " + removed);
  check(put.includes("[provider]"), "its placeholder is shown: " + put);
  const released = await page.$eval("pre.released", (p) => p.textContent);
  check(!released.includes("PowerCo") && released.includes("[provider]"), "as released: " + released);
  await shot(page, "preview-ja");
  await Promise.all([page.waitForNavigation(), page.click("form[action$='/release'] button")]);
  const body = await text(page);
  check(body.includes("公開しました"), "released: " + body.slice(0, 300));
  await shot(page, "released-ja");
  return "triaged at level 3, previewed (the provider's name shown removed), released to the electricity sector";
});

await journey("the_audience_reads_the_release_and_another_member_does_not", async (page) => {
  await signIn(page, "carol");
  await page.goto(`${base}/console/releases`);
  const links = await page.$$eval("table a", (as) => as.map((a) => a.getAttribute("href")));
  check(links.length === 1, `one release for the electricity sector, not ${links.length}`);
  await page.goto(base + links[0]);
  const body = await text(page);
  check(body.includes("198.51.100.23"), "the indicator is in the release");
  const main = await page.$eval("main", (m) => m.innerText);
  check(!main.includes("PowerCo"), "the provider is not named in the release");
  await shot(page, "release-en");
  const bob = await browser.createBrowserContext();
  const other = await bob.newPage();
  await signIn(other, "bob");
  await other.goto(`${base}/console/releases`);
  const none = await other.$$eval("table a", (as) => as.length);
  await bob.close();
  check(none === 0, "the bank sees no release");
  return "PowerCo reads the release; the bank sees none";
});

await journey("a_member_answers_the_release_and_the_centre_sees_who_did", async (page) => {
  await signIn(page, "carol");
  await page.goto(`${base}/console/releases`);
  const link = await page.$eval("table a", (a) => a.getAttribute("href"));
  await page.goto(base + link);
  await page.select("form[action$='/answer'] select[name=state]", "done");
  await page.type("form[action$='/answer'] input[name=note]", "blocked at the gateway");
  await Promise.all([page.waitForNavigation(), page.click("form[action$='/answer'] button")]);
  check((await text(page)).includes("blocked at the gateway"), "the answer is on the page");
  await shot(page, "release-answered");
  const centre = await browser.createBrowserContext();
  const other = await centre.newPage();
  await signIn(other, "ana");
  await other.goto(base + link);
  const body = await other.$eval("main", (m) => m.innerText);
  await centre.close();
  check(/1 of 1 organisations|1 組織中 1 組織/.test(body), "the centre sees who answered: " + body.slice(-400));
  return "PowerCo answered 'done' with a note; the centre sees 1 of 1 answered";
});

await journey("the_centre_asks_for_support_and_the_supporter_accepts", async (page) => {
  admin("support", "offers", "Bank", "site-takedown");
  admin("case", "open", "--as", "carol", "--kind", "incident", "--title", "Phishing site");
  await signIn(page, "ana");
  await page.goto(`${base}/console/cases/1`);
  await page.click("form[action$='/support'] summary").catch(() => {});
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
  await page.select("form[action$='/support'] select[name=capability]", "site-takedown");
  await page.type("form[action$='/support'] textarea[name=description]", "Take down login.evil.example");
  await Promise.all([page.waitForNavigation(), page.click("form[action$='/support'] button")]);
  check(page.url().endsWith("/console/cases/1"), "back on the case: " + page.url());
  await shot(page, "case-support-requested");
  const bank = await browser.createBrowserContext();
  const other = await bank.newPage();
  await signIn(other, "bob");
  await other.goto(`${base}/console/support`);
  const before = await other.$eval("main", (m) => m.innerText);
  check(before.includes("login.evil.example") && !before.includes("PowerCo"), "what is asked, not whose case: " + before);
  await Promise.all([other.waitForNavigation(), other.click("form input[value=accepted] ~ button")]);
  const after = await other.$eval("main", (m) => m.innerText);
  await bank.close();
  check(!after.includes("Phishing site"), "the case's title is not shown to the supporter");
  await page.goto(`${base}/console/support`);
  const centreView = await page.$eval("main", (m) => m.innerText);
  check(centreView.includes("PowerCo"), "the centre sees whose case: " + centreView);
  return "the centre asked the bank from the case's page; the bank saw the request without the member and accepted it";
});

await journey("the_centre_overview_and_a_time_zone_of_ones_own", async (page) => {
  await signIn(page, "ana");
  await page.goto(`${base}/console`);
  const bars = await page.$$eval("svg.chart rect", (rs) => rs.length);
  check(bars > 0, "the chart has bars for the streamed alerts");
  const sectors = await page.$eval("table.sectors", (t) => t.innerText);
  check(sectors.includes("電力") || sectors.includes("Electricity"), "by sector: " + sectors);
  const awaiting = await text(page);
  check(/awaiting triage|トリアージ待ち/.test(awaiting), "reports awaiting triage are shown");
  await shot(page, "overview-centre-ja");
  await page.goto(`${base}/console/settings`);
  await page.$eval("input[name=zone]", (i) => (i.value = ""));
  await page.type("input[name=zone]", "Europe/Paris");
  await page.select("select[name=lang]", "en");
  await Promise.all([page.waitForNavigation(), page.click("form.stacked button")]);
  await page.goto(`${base}/console/alerts`);
  const body = await text(page);
  check(/UTC\+0[12]:00/.test(body) && !body.includes("JST"), "times in Paris time: " + body.slice(0, 400));
  await shot(page, "alerts-centre-paris-en");
  return `${bars} bars on the chart; times shown in Europe/Paris after choosing it`;
});

await browser.close();
server.kill("SIGTERM");
await new Promise((r) => server.on("exit", r));
rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
