// Monaco runs its language services in web workers. build.mjs bundles each worker to a hashed file next to
// this script and passes their names in __MONACO_WORKERS__; workers are loaded from the server, like the rest.
globalThis.MonacoEnvironment = {
    getWorker(_workerId, label) {
        const file = __MONACO_WORKERS__[label] ?? __MONACO_WORKERS__.editor;
        return new Worker(new URL(`./${file}`, import.meta.url), { name: label });
    },
};
