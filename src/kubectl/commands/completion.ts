/**
 * `kubectl completion bash`: a bash completion script that asks Cadet's kubectl itself
 * (`kubectl __complete <words...>`, see completion.ts) for candidates. Other shells are refused.
 */
import { register } from '../command-list.js';
import { KubectlError, UsageError } from '../errors.js';

/** The bash script (for a `kubectl` that runs Cadet's kubectl, e.g. `alias kubectl='cadet kubectl'`). */
export const BASH_COMPLETION = `# bash completion for Cadet's kubectl
# Load it with:  alias kubectl='cadet kubectl'; source <(cadet kubectl completion bash)

__cadet_kubectl_complete() {
    local cur="\${COMP_WORDS[COMP_CWORD]}"
    local words=("\${COMP_WORDS[@]:1:COMP_CWORD-1}")
    local line candidates=()
    while IFS= read -r line; do
        case "$line" in
            :*) ;;
            *) candidates+=("$line") ;;
        esac
    done < <(cadet kubectl __complete "\${words[@]}" "$cur" 2>/dev/null)
    COMPREPLY=("\${candidates[@]}")
    if [[ \${#COMPREPLY[@]} -eq 1 && "\${COMPREPLY[0]}" == *[=/] ]]; then
        compopt -o nospace 2>/dev/null
    fi
}

complete -o default -F __cadet_kubectl_complete kubectl
`;

register({
  name: 'completion',
  short: 'Output shell completion code for the specified shell (bash, zsh, fish, or powershell)',
  long: "Output shell completion code for the specified shell. Cadet's kubectl supports bash: the script asks Cadet's kubectl for the candidates (commands, flags, resource types, object names).",
  examples:
    "  # Load completion for Cadet's kubectl into the current bash shell\n  alias kubectl='cadet kubectl'\n  source <(cadet kubectl completion bash)",
  usage: 'completion SHELL',
  async run(ctx) {
    if (ctx.args.length === 0) throw new UsageError('Shell not specified.');
    if (ctx.args.length > 1) throw new UsageError('Too many arguments. Expected only the shell type.');
    const shell = ctx.args[0]!;
    if (shell !== 'bash') {
      if (['zsh', 'fish', 'powershell'].includes(shell))
        throw new KubectlError(
          `Cadet's kubectl only writes bash completion; "${shell}" is not supported yet`,
        );
      throw new KubectlError(`Unsupported shell type "${shell}".`);
    }
    ctx.out(BASH_COMPLETION);
    return 0;
  },
});
