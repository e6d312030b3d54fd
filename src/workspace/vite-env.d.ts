/// <reference types="vite/client" />
// The workspace is bundled by Vite (through Astro): `?worker` imports and `import.meta.glob`.
