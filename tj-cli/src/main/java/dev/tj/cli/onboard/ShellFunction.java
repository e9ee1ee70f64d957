package dev.tj.cli.onboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code claude} shell function onboarding puts between markers in {@code ~/.zshrc} (and
 * {@code ~/.bashrc} when it exists): each terminal reports as its own tile
 * ({@code service.instance.id} = {@code --as NAME}, else the tty, else {@code unknown}) and its
 * sessions close in tj when claude exits or the terminal gets INT, TERM or HUP. The same text runs
 * in bash and zsh. {@code service.name} is computed the way {@code tj otel-resource-attrs} computes
 * it, in the shell (a JVM start per claude launch would be felt); the project
 * ({@code [agents.<id>] project}) is applied by the daemon from the same config.
 */
public final class ShellFunction {
    public static final String BEGIN = "# >>> tj: claude function (tj onboard) >>>";
    public static final String END = "# <<< tj: claude function <<<";

    private ShellFunction() {}

    /** The rc files to write: ~/.zshrc always, ~/.bashrc when it exists. */
    public static List<Path> rcFiles(Path home) {
        List<Path> out = new ArrayList<>();
        out.add(home.resolve(".zshrc"));
        Path bash = home.resolve(".bashrc");
        if (Files.exists(bash, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(bash)) out.add(bash);
        return out;
    }

    /**
     * The function block.
     *
     * @param fallbackTj how to run tj when no {@code tj} is on the terminal's PATH (a quoted path)
     */
    public static String block(String fallbackTj) {
        return BEGIN + "\n"
                + "# Each terminal is its own tile in tj: claude --as NAME, else the tty name, else \"unknown\".\n"
                + "# Its sessions close in tj when claude exits (or on INT, TERM, HUP). `tj onboard --undo` removes this.\n"
                + "function claude {\n"
                + "  local __tj_inst=unknown __tj_t __tj_repo __tj_attrs __tj_keep= __tj_rest __tj_e __tj_sig= __tj_status __tj_traps=\n"
                + "  local -a __tj_args\n"
                + "  __tj_args=()\n"
                + "  if __tj_t=$(tty 2>/dev/null); then __tj_inst=${__tj_t#/dev/}; __tj_inst=${__tj_inst//\\//-}; fi\n"
                + "  while [ $# -gt 0 ]; do\n"
                + "    case \"$1\" in\n"
                + "      --as) __tj_inst=${2:-unknown}; shift; [ $# -gt 0 ] && shift ;;\n"
                + "      --as=*) __tj_inst=${1#--as=}; shift ;;\n"
                + "      *) __tj_args+=(\"$1\"); shift ;;\n"
                + "    esac\n"
                + "  done\n"
                + "  __tj_inst=$(printf '%s' \"$__tj_inst\" | tr -c 'A-Za-z0-9._-' '-')\n"
                + "  if __tj_repo=$(git remote get-url origin 2>/dev/null) && [ -n \"$__tj_repo\" ]; then\n"
                + "    __tj_repo=${__tj_repo%/}; __tj_repo=${__tj_repo##*/}; __tj_repo=${__tj_repo##*:}; __tj_repo=${__tj_repo%.git}\n"
                + "  else\n"
                + "    __tj_repo=${PWD##*/}\n"
                + "  fi\n"
                + "  __tj_repo=$(printf '%s' \"$__tj_repo\" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9._-' '-')\n"
                + "  __tj_rest=\"${OTEL_RESOURCE_ATTRIBUTES:-}\"\n"
                + "  while [ -n \"$__tj_rest\" ]; do\n"
                + "    __tj_e=${__tj_rest%%,*}\n"
                + "    case \"$__tj_rest\" in *,*) __tj_rest=${__tj_rest#*,} ;; *) __tj_rest= ;; esac\n"
                + "    case \"$__tj_e\" in service.instance.id=*|'') ;; *) __tj_keep=\"${__tj_keep:+$__tj_keep,}$__tj_e\" ;; esac\n"
                + "  done\n"
                + "  case \",$__tj_keep,\" in\n"
                + "    *,service.name=*) __tj_attrs=\"$__tj_keep,service.instance.id=$__tj_inst\" ;;\n"
                + "    *) __tj_attrs=\"service.name=claude-code-$__tj_repo${__tj_keep:+,$__tj_keep},service.instance.id=$__tj_inst\" ;;\n"
                + "  esac\n"
                + "  if [ -n \"${ZSH_VERSION:-}\" ]; then setopt localoptions localtraps; else __tj_traps=$(trap -p INT TERM HUP); fi\n"
                + "  trap '__tj_sig=INT' INT; trap '__tj_sig=TERM' TERM; trap '__tj_sig=HUP' HUP\n"
                + "  OTEL_RESOURCE_ATTRIBUTES=\"$__tj_attrs\" command claude \"${__tj_args[@]}\"\n"
                + "  __tj_status=$?\n"
                + "  if command -v tj >/dev/null 2>&1; then command tj session-end --instance \"$__tj_inst\" >/dev/null 2>&1\n"
                + "  else " + fallbackTj + " session-end --instance \"$__tj_inst\" >/dev/null 2>&1; fi\n"
                + "  trap - INT TERM HUP\n"
                + "  if [ -z \"${ZSH_VERSION:-}\" ] && [ -n \"$__tj_traps\" ]; then eval \"$__tj_traps\"; fi\n"
                + "  if [ -n \"$__tj_sig\" ]; then kill -s \"$__tj_sig\" $$; fi\n"
                + "  return $__tj_status\n"
                + "}\n"
                + END + "\n";
    }

    /** {@code rc} with the block in place of an earlier one, else appended; null when {@code block} is null (remove). */
    public static String apply(String rc, String block) {
        int b = rc.indexOf(BEGIN);
        int e = b < 0 ? -1 : rc.indexOf(END, b);
        if (b >= 0 && e >= 0) {
            int end = e + END.length();
            if (end < rc.length() && rc.charAt(end) == '\n') end++;
            return rc.substring(0, b) + (block == null ? "" : block) + rc.substring(end);
        }
        if (block == null) return rc;
        if (rc.isEmpty()) return block;
        return rc + (rc.endsWith("\n") ? "\n" : "\n\n") + block;
    }
}
