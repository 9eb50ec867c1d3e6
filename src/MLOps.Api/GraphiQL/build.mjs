// Bundles GraphiQL for MLOps.Api: `node build.mjs <output directory>` (GraphiQL.targets runs it during
// dotnet build and embeds the directory in the assembly). Everything the page loads is written there under a
// content-hashed name; scripts, stylesheets and TrueType fonts only gzipped (<name>.gz, served as is to
// browsers), and manifest.json, written last, names the entry script and stylesheet. Same inputs, same
// bytes: replicas built from one commit serve identical names and ETags.
import { mkdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

if (!process.argv[2]) {
    console.error('Usage: node build.mjs <output directory> (GraphiQL.targets passes obj/graphiql)');
    process.exit(2);
}

const outdir = path.resolve(process.argv[2]);
const compressible = new Set(['.js', '.css', '.ttf']);

const common = {
    bundle: true,
    minify: true,
    platform: 'browser',
    target: 'es2022',
    outdir,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
};

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });

// Monaco's language services, as classic workers (every browser that runs the IDE supports them).
const workers = await esbuild.build({
    ...common,
    format: 'iife',
    entryPoints: {
        'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
        'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
        'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
    },
});
const workerFiles = Object.fromEntries(
    Object.entries(workers.metafile.outputs)
        .filter(([, output]) => output.entryPoint)
        .map(([file]) => [path.basename(file).replace(/\.worker-.*$/, ''), path.basename(file)]));

const main = await esbuild.build({
    ...common,
    format: 'esm',
    splitting: true,
    entryPoints: { main: 'src/main.jsx' },
    jsx: 'automatic',
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
    define: { ...common.define, __MONACO_WORKERS__: JSON.stringify(workerFiles) },
    plugins: [monacoCssFromGraphiQLStylesheet(), fontsAsFiles()],
});

const [script, { cssBundle }] = Object.entries(main.metafile.outputs).find(([, output]) => output.entryPoint === 'src/main.jsx');
const files = [...Object.keys(workers.metafile.outputs), ...Object.keys(main.metafile.outputs)].map(file => path.basename(file));
for (const file of files.filter(name => compressible.has(path.extname(name)))) {
    const content = await readFile(path.join(outdir, file));
    await writeFile(path.join(outdir, `${file}.gz`), gzipSync(content, { level: 9 }));
    await unlink(path.join(outdir, file));
}

const manifest = { script: path.basename(script), stylesheet: path.basename(cssBundle) };
await writeFile(path.join(outdir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

// graphiql/style.css already holds Monaco's styles; the CSS files Monaco's modules import would repeat them.
function monacoCssFromGraphiQLStylesheet() {
    return {
        name: 'monaco-css-from-graphiql-stylesheet',
        setup(build) {
            build.onResolve({ filter: /\.css$/ }, args =>
                args.importer.includes(`${path.sep}node_modules${path.sep}monaco-editor${path.sep}`)
                    ? { path: args.path, namespace: 'monaco-css' }
                    : undefined);
            build.onLoad({ filter: /.*/, namespace: 'monaco-css' }, () => ({ contents: '', loader: 'js' }));
        },
    };
}

// GraphiQL's stylesheet inlines its fonts (Roboto, Fira Code, codicons) as data: URLs. As files of their own
// the browser fetches only the unicode ranges a page uses, and the CSP can say font-src 'self'.
function fontsAsFiles() {
    const dataFont = /url\(\s*(["']?)data:font\/([a-z0-9]+);base64,([A-Za-z0-9+/=]+)\1\s*\)/g;
    return {
        name: 'fonts-as-files',
        setup(build) {
            const fonts = new Map();
            build.onLoad({ filter: /[\\/]node_modules[\\/]graphiql[\\/]dist[\\/]style\.css$/ }, async args => {
                const css = await readFile(args.path, 'utf8');
                const contents = css.replace(dataFont, (_, _quote, format, base64) => {
                    const name = `font-${fonts.size}.${format}`;
                    fonts.set(name, Buffer.from(base64, 'base64'));
                    return `url("inline-font:${name}")`;
                });
                return { contents, loader: 'css' };
            });
            build.onResolve({ filter: /^inline-font:/ }, args => ({ path: args.path.slice('inline-font:'.length), namespace: 'inline-font' }));
            build.onLoad({ filter: /.*/, namespace: 'inline-font' }, args => ({ contents: fonts.get(args.path), loader: 'file' }));
        },
    };
}
