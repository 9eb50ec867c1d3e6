// Drives GraphiQL in headless Chromium and prints what it saw as one JSON object on stdout, for
// GraphiQLBrowserTests to assert on. Usage: node graphiql-check.mjs <page URL> <query>
// Environment: MLOPS_CHROMIUM (the browser, e.g. /usr/bin/chromium); MLOPS_AUTHORIZATION (optional, the
// Authorization header value, put into GraphiQL's persisted headers before the page loads, never in a URL).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [pageUrl, query] = process.argv.slice(2);
const executablePath = process.env.MLOPS_CHROMIUM;
const authorization = process.env.MLOPS_AUTHORIZATION ?? '';
const allowedHost = new URL(pageUrl).host;
const step = { timeout: 15_000 };

const seen = { requests: [], blocked: [], failedResponses: [], console: [], pageErrors: [], steps: [] };
const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'mlops-chromium-'));
let context;
try {
    context = await chromium.launchPersistentContext(userDataDir, {
        executablePath,
        headless: true,
        timeout: 20_000,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync'],
    });

    // Every request is recorded; one to any other host is refused, so a CDN dependency fails loudly.
    context.on('request', request => seen.requests.push(request.url()));
    await context.route('**/*', route => {
        const url = new URL(route.request().url());
        if (url.host === allowedHost) {
            return route.continue();
        }

        seen.blocked.push(url.href);
        return route.abort('blockedbyclient');
    });

    await context.addInitScript(({ authorization }) => {
        document.addEventListener('securitypolicyviolation', event =>
            console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`));
        if (authorization && localStorage.getItem('graphiql:headers') === null) {
            localStorage.setItem('graphiql:shouldPersistHeaders', 'true');
            localStorage.setItem('graphiql:headers', JSON.stringify({ Authorization: authorization }, null, 2));
        }
    }, { authorization });

    const page = context.pages()[0] ?? await context.newPage();
    page.on('console', message => {
        if (message.type() === 'error' || message.type() === 'warning') {
            seen.console.push(`${message.type()}: ${message.text()}`);
        }
    });
    page.on('pageerror', error => seen.pageErrors.push(String(error)));
    page.on('response', async response => {
        if (response.status() >= 400) {
            const body = await response.text().catch(() => '');
            seen.failedResponses.push(`${response.status()} ${response.request().method()} ${response.url()}: ${body.slice(0, 500)}`);
        }
    });

    const response = await page.goto(pageUrl, { waitUntil: 'load', ...step });
    seen.page = { status: response.status(), contentType: response.headers()['content-type'], csp: response.headers()['content-security-policy'] };
    seen.steps.push('loaded');

    const queryEditor = page.locator('.graphiql-query-editor .monaco-editor');
    await queryEditor.waitFor(step);
    seen.steps.push('editor rendered');

    // Replace the editor's text the way a user pastes: select all, then insert (typing would fight Monaco's
    // bracket auto-closing).
    await queryEditor.locator('.view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(query);
    seen.queryEditorText = await editorText(queryEditor);
    seen.steps.push('query set');

    await page.locator('.graphiql-execute-button').click();
    const responseEditor = page.locator('.graphiql-response .monaco-editor');
    await responseEditor.locator('.view-lines', { hasText: 'version' }).waitFor(step);
    seen.resultText = await editorText(responseEditor);
    seen.steps.push('query run');

    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByRole('link', { name: 'Query', exact: true }).first().click(step);
    await docs.locator('.graphiql-doc-explorer-title', { hasText: 'Query' }).waitFor(step);
    await docs.locator('.graphiql-doc-explorer-field-name').first().waitFor(step);
    seen.docExplorerTitle = (await docs.locator('.graphiql-doc-explorer-title').innerText()).trim();
    seen.queryFields = (await docs.locator('.graphiql-doc-explorer-field-name').allInnerTexts()).map(text => text.trim());
    seen.steps.push('docs opened');
} catch (error) {
    seen.error = String(error?.stack ?? error);
} finally {
    await context?.close().catch(() => {});
    await rm(userDataDir, { recursive: true, force: true });
}

process.stdout.write(JSON.stringify(seen));

// Monaco renders only the visible lines, as text with non-breaking spaces; these editors hold a few lines.
async function editorText(editor) {
    const lines = await editor.locator('.view-lines .view-line').evaluateAll(nodes => nodes
        .map(node => ({ top: parseFloat(node.style.top) || 0, text: node.textContent }))
        .sort((a, b) => a.top - b.top)
        .map(line => line.text));
    return lines.join('\n').replaceAll('\u00a0', ' ');
}
