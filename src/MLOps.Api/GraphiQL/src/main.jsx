// The GraphiQL IDE served at GET /graphql. The server renders the page (see GraphiQLPage.cs) with the
// endpoint in data-endpoint and a CSP nonce for the <style> elements Monaco creates at run time.
import './style-nonce.js';
import './monaco-workers.js';
import 'graphiql/style.css';
import './page.css';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createFetcher } from './fetcher.js';

const container = document.getElementById('graphiql');
const fetcher = createFetcher(container.dataset.endpoint);

// The API authenticates with `Authorization: Bearer mlops_...`: the key goes in the headers editor, and
// GraphiQL keeps the headers in localStorage (turn that off under Settings) so a reload does not lose it.
createRoot(container).render(
    <StrictMode>
        <GraphiQL fetcher={fetcher} isHeadersEditorEnabled shouldPersistHeaders />
    </StrictMode>,
);
