import { ACCOUNT_WORDS, type CommandSpec, type Values } from './model.js';

/** A word as a single-quoted shell word: safe whatever it holds. */
export function quote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

function kindOf(values: Values): string {
  if (typeof values === 'string') return values;
  return `words ${values.words.join(' ')}`;
}

/**
 * The part the bash and zsh scripts share: the commands as data (case statements), and `_monzo_resolve`, which
 * walks the words typed so far and says what the current one can be: `_monzo_kind` (words, files or none), the
 * candidates in `_monzo_words` (one a line), and the prefix typed in `_monzo_cur`. Plain POSIX-style shell that
 * bash 3.2 (macOS) and zsh both run; zsh with KSH_ARRAYS, so that arrays count from 0 in both.
 */
export function sharedFunctions(specs: CommandSpec[]): string {
  const subcommands = specs
    .filter((spec) => spec.subcommands.length > 0)
    .map((spec) => `    ${quote(spec.path)}) _monzo_words=${quote(spec.subcommands.join('\n'))} ;;`);
  const options = specs.map(
    (spec) => `    ${quote(spec.path)}) _monzo_words=${quote([...new Set(spec.options)].join('\n'))} ;;`,
  );
  const valued = specs.flatMap((spec) =>
    [...spec.valued].map(
      ([flag, values]) => `    ${quote(`${spec.path}|${flag}`)}) _monzo_value=${quote(kindOf(values))} ;;`,
    ),
  );
  const args = specs.flatMap((spec) =>
    spec.args.map(
      (values, index) => `    ${quote(`${spec.path}|${index}`)}) _monzo_value=${quote(kindOf(values))} ;;`,
    ),
  );
  return `_monzo_subcommands() {
  _monzo_words=''
  case "$1" in
${subcommands.join('\n')}
  esac
}

_monzo_options() {
  _monzo_words=''
  case "$1" in
${options.join('\n')}
  esac
}

# What the value of option $2 of command $1 can be; empty when the option takes none.
_monzo_option_value() {
  _monzo_value=''
  case "$1|$2" in
${valued.join('\n')}
  esac
}

# What positional argument $2 (from 0) of command $1 can be.
_monzo_argument() {
  _monzo_value=''
  case "$1|$2" in
${args.join('\n')}
  esac
}

# Sets _monzo_kind and _monzo_words from a kind: words W…, accounts, pots, files or none.
_monzo_values() {
  _monzo_kind=words
  case "$1" in
    words\\ *) _monzo_words=\${1#words }; _monzo_words=\${_monzo_words// /$'\\n'} ;;
    accounts) _monzo_words=${quote(ACCOUNT_WORDS.join('\n'))} ;;
    pots)
      # The names \`monzo pots\` last listed, one a line: read as data, never run.
      _monzo_words=''
      local file="\${XDG_CACHE_HOME:-$HOME/.cache}/monzo/pot-names" name
      if [ -r "$file" ]; then
        while IFS= read -r name || [ -n "$name" ]; do
          _monzo_words+="$name"$'\\n'
        done < "$file"
      fi ;;
    files) _monzo_kind=files; _monzo_words='' ;;
    *) _monzo_kind=none; _monzo_words='' ;;
  esac
}

# _monzo_resolve CWORD WORD…: what word CWORD (from 0, the command name first) of WORD… can be.
_monzo_resolve() {
  [ -n "\${ZSH_VERSION-}" ] && setopt localoptions ksharrays
  local cword=$1; shift
  local -a typed
  typed=("$@")
  local cmdpath=monzo i=1 argn=0 word sub found
  _monzo_cur=\${typed[cword]-}
  _monzo_before=''
  while (( i < cword )); do
    word=\${typed[i]}
    if [[ $word == -* && $word != *=* ]]; then
      _monzo_option_value "$cmdpath" "$word"
      # Its value is the next word (bash splits --opt=value at the = into three words).
      if [[ -n $_monzo_value ]]; then
        (( i++ ))
        [[ \${typed[i]-} == = ]] && (( i++ ))
      fi
    elif [[ $word == -* || $word == = ]]; then
      :
    else
      _monzo_subcommands "$cmdpath"
      found=''
      while IFS= read -r sub; do
        [[ $sub == "$word" ]] && found=1
      done <<< "$_monzo_words"
      if [[ -n $found ]]; then
        cmdpath="$cmdpath $word"
        argn=0
      else
        (( argn++ ))
      fi
    fi
    (( i++ ))
  done
  local prev=\${typed[cword-1]-}
  if [[ $_monzo_cur == = ]]; then
    # bash, at \`--opt=\`: the = is the word, the value is still to come.
    _monzo_cur=''
  elif [[ $prev == = && cword -ge 2 ]]; then
    prev=\${typed[cword-2]}
  fi
  if [[ $_monzo_cur == --*=* ]]; then
    # zsh keeps --opt=value as one word.
    prev=\${_monzo_cur%%=*}
    _monzo_before="$prev="
    _monzo_cur=\${_monzo_cur#*=}
  fi
  if [[ $prev == -* ]]; then
    _monzo_option_value "$cmdpath" "$prev"
    if [[ -n $_monzo_value ]]; then
      _monzo_values "$_monzo_value"
      return
    fi
  fi
  if [[ $_monzo_cur == -* ]]; then
    _monzo_kind=words
    _monzo_options "$cmdpath"
    return
  fi
  _monzo_argument "$cmdpath" "$argn"
  _monzo_values "$_monzo_value"
  local kind=$_monzo_kind arguments=$_monzo_words
  _monzo_subcommands "$cmdpath"
  if [[ -n $_monzo_words ]]; then
    _monzo_kind=words
    _monzo_words="$_monzo_words"$'\\n'"$arguments"
  else
    _monzo_kind=$kind
    _monzo_words=$arguments
  fi
}`;
}
