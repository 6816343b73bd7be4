import { chromium } from 'playwright-core';
import { startTestServer, chromiumLaunchOptions } from '/work/wt-integ/scripts/start-test-server.js';
const server = await startTestServer({ timeoutMs: 240000 });
const browser = await chromium.launch(chromiumLaunchOptions());
async function login(ctx, user) {
  const p = await ctx.newPage();
  await p.goto(server.baseURL + '/login');
  await p.fill('input[name=username]', user); await p.fill('input[name=password]', 'village-demo');
  await p.click('form button[type=submit], form button');
  await p.waitForLoadState();
  return p;
}
const ctx = await browser.newContext({ viewport: { width: 360, height: 640 } });
const p = await login(ctx, 'buyer');
// cart + checkout
await p.goto(server.baseURL + '/market/1');
await p.locator('form[action="/cart?/add"] button').click();
await p.waitForLoadState();
await p.goto(server.baseURL + '/checkout');
await p.screenshot({ path: '/tmp/shots/checkout.png', fullPage: true });
await p.fill('#name', '王大妈'); await p.fill('#phone', '13700001111');
if (await p.locator('#address').count()) await p.fill('#address', '山东省菏泽市巨野县舒王庄村 3 号');
await p.locator('form.checkout button').click();
await p.waitForLoadState();
await p.screenshot({ path: '/tmp/shots/order-placed.png' });
console.log('order url', p.url());
// hostile inputs
const r = await p.goto(server.baseURL + '/login?next=/%09/evil.example/x');
console.log('next ->', p.url());
await p.goto(server.baseURL + '/v/shuwangzhuang/letters?page=Infinity');
await p.screenshot({ path: '/tmp/shots/letters-inf.png' });
// cadre join code
const ctx2 = await browser.newContext({ viewport: { width: 360, height: 640 }, javaScriptEnabled: false });
const c = await login(ctx2, 'cadre');
await c.goto(server.baseURL + '/committee');
const forName = c.locator('input[name=forName]');
if (await forName.count()) { await forName.fill('刘\u202e大哥'); await c.locator('form[action*="issueCode"] button').click(); await c.waitForLoadState(); }
await c.screenshot({ path: '/tmp/shots/joincode-nojs.png' });
await browser.close(); await server.stop();
