// The shell completion scripts `completion bash|zsh` prints. Both ask the program itself
// (`kubectl-tenantnet __complete WORDS...`), so the scripts never go stale when commands change.

export function bashCompletion(program: string): string {
  const fn = `_${program.replace(/[^A-Za-z0-9]/g, '_')}`;
  return `# bash completion for ${program}; load with: source <(${program} completion bash)
${fn}() {
  local cur=\${COMP_WORDS[COMP_CWORD]}
  local out
  out=$("\${COMP_WORDS[0]}" __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return 0
  local -a lines
  mapfile -t lines <<< "$out"
  local last=\${lines[\${#lines[@]}-1]}
  local directive=\${last#:}
  unset 'lines[\${#lines[@]}-1]'
  COMPREPLY=()
  local line
  for line in "\${lines[@]}"; do
    [[ -n $line ]] && COMPREPLY+=("\${line%%$'\\t'*}")
  done
  if (( directive & 2 )); then compopt -o nospace 2>/dev/null; fi
  if (( \${#COMPREPLY[@]} == 0 && (directive & 4) == 0 )); then
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}
complete -F ${fn} ${program}
`;
}

export function zshCompletion(program: string): string {
  const fn = `_${program.replace(/[^A-Za-z0-9]/g, '_')}`;
  return `#compdef ${program}
# zsh completion for ${program}; install with: ${program} completion zsh > "\${fpath[1]}/_${program}"
# (or source it after compinit).
${fn}() {
  local -a lines candidates
  local out directive
  out=$(\${words[1]} __complete "\${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
  lines=("\${(@f)out}")
  directive=\${lines[-1]#:}
  candidates=("\${(@)lines[1,-2]}")
  if (( \${#candidates} == 0 )); then
    (( directive & 4 )) || _files
    return
  fi
  if (( directive & 2 )); then
    compadd -S '' -- "\${(@)candidates}"
  else
    compadd -- "\${(@)candidates}"
  fi
}
# Autoloaded from fpath, this file is the completion function: run it. Sourced, register it.
if [ "$funcstack[1]" = "${fn}" ]; then
  ${fn} "$@"
else
  compdef ${fn} ${program}
fi
`;
}
