// Temporary: the lead's own look at pages (not committed).
import { chromium } from "@playwright/test";
const base = process.env.BASE ?? "http://127.0.0.1:3300";
const [email, password] = [process.env.EMAIL!, process.env.PASSWORD!];
const pages = (process.env.PAGES ?? "/").split(",");
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
for (const width of [1280, 390]) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(base + "/sign-in");
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("E-mail").fill(email);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"), { timeout: 30000 });
  for (const p of pages) {
    await page.goto(base + p);
    await page.waitForLoadState("networkidle").catch(() => {});
    await page.waitForTimeout(800);
    const name = (p.replace(/[^a-z0-9]+/gi, "_") || "root") + "-" + width;
    await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: width === 1280 ? false : false });
    console.log("shot", name, page.url());
  }
  await ctx.close();
}
await browser.close();
