// Opens a notebook in JupyterLab in headless Chromium, runs all its cells through the UI (menu Run → Run All Cells)
// and checks what a person would see: the "Java (nsn)" kernel, an execution count on every code cell, at least one
// rendered PNG image and no error output. kernel-tests/test_jupyterlab_ui.py starts JupyterLab and runs this script.
//
//   node run-notebook.mjs --url http://127.0.0.1:PORT/ --token TOKEN --notebook notebooks/00-quickstart.ipynb \
//        --screenshot ../../runs/notebooks/ui-00-quickstart.png [--kernel "Java (nsn)"] [--timeout 600]
//
// Exits 0 when every check holds, else 1 with one line per failed check (and a screenshot of the failure).
// Environment: NSN_CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';

function parseArgs(argv) {
  const args = { kernel: 'Java (nsn)', timeout: '600' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in { url: 1, token: 1, notebook: 1, screenshot: 1, kernel: 1, timeout: 1 }) || argv[i + 1] === undefined) {
      throw new Error(`run-notebook.mjs: bad argument '${argv[i]}' (see the comment at the top of the script)`);
    }
    args[key] = argv[i + 1];
  }
  for (const key of ['url', 'token', 'notebook', 'screenshot']) {
    if (!args[key]) throw new Error(`run-notebook.mjs: --${key} is required`);
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const timeoutMs = Number(args.timeout) * 1000;
const t0 = Date.now();
const log = (msg) => console.log(`[ui ${((Date.now() - t0) / 1000).toFixed(1)} s] ${msg}`);

const browser = await chromium.launch({
  executablePath: process.env.NSN_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // Root in CI has no user namespaces for Chromium's sandbox; the page is our own server on 127.0.0.1.
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--no-first-run', '--disable-gpu'],
});
const failures = [];
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));

  const url = new URL(`lab/tree/${args.notebook}`, args.url);
  url.searchParams.set('token', args.token);
  log(`opening ${url.origin}${url.pathname}`);
  await page.goto(url.toString(), { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.locator('.jp-Notebook .jp-Cell').first().waitFor({ timeout: 120_000 });
  log('notebook open');

  // The kernel: the notebook's metadata names it; if JupyterLab asks anyway, choose it in the dialog.
  const kernelName = page.locator('.jp-NotebookPanel-toolbar .jp-Toolbar-kernelName');
  const deadline = Date.now() + 120_000;
  for (;;) {
    const dialog = page.locator('.jp-Dialog');
    if (await dialog.count()) {
      const text = (await dialog.innerText()).replace(/\s+/g, ' ');
      const select = dialog.locator('select');
      if (await select.count()) {
        log(`kernel dialog: ${text.slice(0, 200)}; choosing ${args.kernel}`);
        await select.selectOption({ label: args.kernel });
        await dialog.locator('.jp-mod-accept').click();
      } else {
        log(`dismissing dialog: ${text.slice(0, 200)}`);
        await dialog.locator('.jp-mod-reject, .jp-mod-accept').first().click();
      }
    }
    const name = (await kernelName.count()) ? (await kernelName.innerText()).trim() : '';
    const status = await page.locator('.jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator')
      .getAttribute('data-status').catch(() => null);
    if (name === args.kernel && status === 'idle') break;
    if (Date.now() > deadline) {
      throw new Error(`the kernel did not come up: toolbar shows kernel '${name}', status '${status}'`);
    }
    await page.waitForTimeout(500);
  }
  log(`kernel '${args.kernel}' idle`);

  // Run → Run All Cells, through the menu bar as a person would.
  await page.locator('.lm-MenuBar-item', { hasText: /^Run$/ }).click();
  await page.locator('.lm-Menu-content > .lm-Menu-item')
    .filter({ has: page.locator('.lm-Menu-itemLabel', { hasText: /^Run All Cells$/ }) }).click();
  log('Run → Run All Cells');

  // Done when the kernel is idle and no cell is queued ("[*]:"): every cell then shows an execution count ("[n]:"),
  // or the run stopped at an error and the cells after it are left unrun ("[ ]:").
  const prompts = page.locator('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt');
  let last = '';
  let started = false;
  for (;;) {
    const texts = (await prompts.allInnerTexts()).map((t) => t.trim());
    const status = await page.locator('.jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator')
      .getAttribute('data-status').catch(() => null);
    const now = `${texts.join(' ')} kernel ${status}`;
    if (now !== last) { log(now); last = now; }
    started ||= texts.some((t) => t !== '[ ]:');
    if (started && status === 'idle' && !texts.includes('[*]:')) break;
    if (Date.now() - t0 > timeoutMs) throw new Error(`not done after ${args.timeout} s: prompts ${texts.join(' ')}`);
    await page.waitForTimeout(1000);
  }

  // What the run shows: an execution count on every code cell, no error output, at least one rendered PNG.
  const texts = (await prompts.allInnerTexts()).map((t) => t.trim());
  const unrun = texts.filter((t) => !/^\[\d+\]:$/.test(t));
  if (unrun.length) failures.push(`${unrun.length} of ${texts.length} code cells have no execution count: ${texts.join(' ')}`);
  // Error outputs and stderr streams both render as application/vnd.jupyter.stderr text; the notebook model that
  // JupyterLab shows (window.jupyterapp, --LabApp.expose_app_in_browser) tells them apart.
  const outputs = await page.evaluate(() => {
    const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    if (!panel || !panel.content || !panel.content.model) return null;
    return panel.content.model.toJSON().cells.filter((c) => c.cell_type === 'code').flatMap((c) => c.outputs);
  });
  if (outputs === null) {
    failures.push('cannot read the notebook model (window.jupyterapp; start JupyterLab with --LabApp.expose_app_in_browser)');
  } else {
    log(`outputs: ${outputs.map((o) => o.output_type + (o.data ? `(${Object.keys(o.data).join(',')})` : '')).join(' ')}`);
    for (const o of outputs.filter((o) => o.output_type === 'error')) {
      const tb = (o.traceback || []).join('\n').replace(/\x1b\[[0-9;]*m/g, '');
      failures.push(`error output shown: ${o.ename}: ${o.evalue}\n${tb.slice(0, 2000)}`);
    }
  }
  const errorShown = await page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    .allInnerTexts();
  if (errorShown.length) log(`stderr text shown (streams or errors):\n${errorShown.join('\n').slice(0, 2000)}`);
  const images = page.locator('.jp-OutputArea-output[data-mime-type="image/png"] img');
  const sizes = await images.evaluateAll((imgs) => imgs.map((img) => [img.naturalWidth, img.naturalHeight]));
  log(`image outputs: ${JSON.stringify(sizes)}`);
  if (!sizes.some(([w, h]) => w > 0 && h > 0)) failures.push('no image/png output is shown');
  const name = (await page.locator('.jp-NotebookPanel-toolbar .jp-Toolbar-kernelName').innerText()).trim();
  if (name !== args.kernel) failures.push(`the notebook ran on kernel '${name}', not '${args.kernel}'`);
  if (failures.length && consoleErrors.length) log(`browser console errors:\n${consoleErrors.join('\n')}`);

  // The last image in view for the screenshot.
  if (sizes.length) await images.last().scrollIntoViewIfNeeded();
} catch (e) {
  failures.push(String(e && e.stack || e));
} finally {
  if (page) {
    await page.screenshot({ path: args.screenshot }).then(() => log(`screenshot: ${args.screenshot}`),
      (e) => log(`no screenshot: ${e}`));
  }
  await browser.close();
}
if (failures.length) {
  console.error(`FAILED (${failures.length}):\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
log('passed: every cell ran on the kernel, an image is shown, no error output');
