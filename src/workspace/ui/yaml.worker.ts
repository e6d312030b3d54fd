// The YAML language worker, imported through this file so Vite bundles it as a worker (see monaco-yaml's FAQ on Vite).
import 'monaco-yaml/yaml.worker.js';
