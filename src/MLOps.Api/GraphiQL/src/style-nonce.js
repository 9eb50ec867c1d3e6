// The page's Content-Security-Policy admits <style> elements only with the nonce of this response. Monaco
// creates its own at run time, without one: give every <style> created through the DOM the page's nonce,
// which the server puts on <meta property="csp-nonce"> (browsers hide nonce attributes from getAttribute
// and CSS selectors; the .nonce property keeps the value for scripts, which CSP already restricts to 'self').
const nonce = document.querySelector('meta[property="csp-nonce"]')?.nonce;
if (nonce) {
    const createElement = Document.prototype.createElement;
    Document.prototype.createElement = function createElementWithNonce(tagName, options) {
        const element = createElement.call(this, tagName, options);
        if (element instanceof HTMLStyleElement) {
            element.nonce = nonce;
        }

        return element;
    };
}
