/**
 * What is inside each catalogue image, as far as `kubectl exec` can see: which programs exist,
 * how its shell and core utilities word their errors (busybox or GNU/Debian), and the
 * environment its image config sets. Data only.
 */
import { parseImage } from '../kubelet/images.js';

/** The userland an image ships. */
export type Userland = 'busybox' | 'debian';

/** What `kubectl exec` finds in one image. */
export interface ImageProfile {
  userland: Userland;
  /** Programs on $PATH. */
  programs: ReadonlySet<string>;
  /** Environment set by the image config, after PATH (in order). */
  env: [string, string][];
  /** Extra files (absolute path -> content). */
  files: Record<string, string>;
}

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const CORE = [
  'sh',
  'env',
  'printenv',
  'cat',
  'ls',
  'hostname',
  'echo',
  'pwd',
  'true',
  'false',
  'sleep',
  'date',
  'whoami',
  'grep',
  'head',
  'tail',
  'wc',
  'sort',
  'touch',
  'mkdir',
  'rm',
  'seq',
];

/** The page nginx serves at `/` in the simulated cluster (the same text as its HTTP answer). */
export const NGINX_INDEX =
  '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n';

/** nginx's answer for a path it has no file for. */
export const NGINX_404 =
  '<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n';

/** The profile of an image reference (unknown images get a Debian-like userland without network tools). */
export function imageProfile(image: string): ImageProfile {
  const ref = parseImage(image);
  const alpine = ref.repository === 'alpine' || ref.repository === 'busybox' || /alpine/.test(ref.tag);
  const userland: Userland = alpine ? 'busybox' : 'debian';
  const programs = new Set(CORE);
  if (userland === 'busybox') {
    for (const p of ['nslookup', 'wget', 'ash', 'ps']) programs.add(p);
  } else programs.add('bash');
  const env: [string, string][] = [];
  const files: Record<string, string> = {};
  switch (ref.repository) {
    case 'nginx': {
      programs.add('curl');
      programs.add('nginx');
      const version = /^\d+\.\d+\.\d+$/.test(ref.tag) ? ref.tag : '1.27.3';
      env.push(['NGINX_VERSION', version]);
      if (userland === 'debian') {
        env.push(['NJS_VERSION', '0.8.7'], ['NJS_RELEASE', '1~bookworm'], ['PKG_RELEASE', '1~bookworm']);
      } else env.push(['PKG_RELEASE', '1'], ['NJS_VERSION', '0.8.7']);
      files['/usr/share/nginx/html/index.html'] = NGINX_INDEX;
      break;
    }
    case 'node':
    case 'python':
      if (userland === 'debian') {
        programs.add('curl');
        programs.add('wget');
      }
      break;
    default:
      break;
  }
  return { userland, programs, env: [['PATH', PATH], ...env], files };
}
