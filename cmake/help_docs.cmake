# Writes the man page dossier(1) and the bash and zsh completion scripts from
# the text the built binary prints for `dossier --help` and
# `dossier COMMAND --help`, so that none of them can drift from the program.
# Run by cmake/install.cmake:
#   cmake -DDOSSIER=path/to/dossier -DVERSION=x.y.z -DOUT_DIR=dir -P help_docs.cmake

function(lines_of text out)
  string(REPLACE ";" "\\;" text "${text}")
  string(REPLACE "\n" ";" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

function(help_of out)
  # A sanitizer build's leak report at exit would fail the build over a
  # help text; leaks are the tests' business.
  execute_process(COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0 ${DOSSIER} ${ARGN} --help
                  OUTPUT_VARIABLE text RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${DOSSIER} ${ARGN} --help failed (${rc})")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# Text shown verbatim in roff: backslashes and minus signs escaped (a bare
# "-" renders as a hyphen, which breaks options copied from the page), and a
# leading "." or "'" is not taken for a request.
function(roff_verbatim text out)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# Text inside single quotes in a shell script, and inside [...] of a zsh
# _arguments spec.
function(zsh_description text out)
  string(REGEX REPLACE "[][':\\\\`$]" " " text "${text}")
  string(REGEX REPLACE " +" " " text "${text}")
  string(STRIP "${text}" text)
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

help_of(main_help)
lines_of("${main_help}" main_lines)

# "  run       Process new or changed ..." lines between "commands:" and the next blank line.
set(commands "")
set(in_commands OFF)
set(tagline "")
foreach(line IN LISTS main_lines)
  if(line STREQUAL "commands:")
    set(in_commands ON)
  elseif(in_commands AND line STREQUAL "")
    set(in_commands OFF)
  elseif(in_commands AND line MATCHES "^  ([a-z][a-z-]*) +(.*)$")
    list(APPEND commands ${CMAKE_MATCH_1})
    set(summary_${CMAKE_MATCH_1} "${CMAKE_MATCH_2}")
  elseif(tagline STREQUAL "" AND NOT line MATCHES "^usage:" AND NOT line STREQUAL "")
    set(tagline "${line}")
  endif()
endforeach()
if(NOT commands)
  message(FATAL_ERROR "no commands found in the output of ${DOSSIER} --help")
endif()

# Per command: its help, its options ("--name" or "-x [ --name ]", "arg" when
# it takes a value) and its file argument, if any ("MEETING", "GOLD.yaml" in
# the usage line: completed as a file, and not offered as an option).
foreach(cmd IN LISTS commands)
  help_of(help_${cmd} ${cmd})
  lines_of("${help_${cmd}}" cmd_lines)
  set(options_${cmd} "")
  set(meeting_${cmd} OFF)
  set(positional_${cmd} "")
  foreach(line IN LISTS cmd_lines)
    if(line MATCHES "^usage: dossier [a-z-]+ ([A-Z][A-Z]+)")
      set(meeting_${cmd} ON)
      string(TOLOWER "${CMAKE_MATCH_1}" positional_${cmd})
    elseif(line MATCHES "^  (-([a-zA-Z]) \\[ )?--([a-z][a-z-]*)( \\])?( arg)? *(.*)$")
      set(name ${CMAKE_MATCH_3})
      if(name STREQUAL positional_${cmd})
        continue()  # the positional argument, completed as a file
      endif()
      list(APPEND options_${cmd} ${name})
      set(short_${cmd}_${name} "${CMAKE_MATCH_2}")
      set(arg_${cmd}_${name} "${CMAKE_MATCH_5}")
      set(desc_${cmd}_${name} "${CMAKE_MATCH_6}")
    endif()
  endforeach()
endforeach()

# The man page.
string(REGEX REPLACE "\\.$" "" name_line "${tagline}")
string(SUBSTRING "${name_line}" 0 1 first)
string(TOLOWER "${first}" first)
string(SUBSTRING "${name_line}" 1 -1 rest)
roff_verbatim("${first}${rest}" name_line)
roff_verbatim("${main_help}" main_roff)
set(man ".\\\" Generated from `dossier --help` by cmake/help_docs.cmake. Do not edit.\n")
string(APPEND man ".TH DOSSIER 1 \"\" \"dossier ${VERSION}\" \"User Commands\"\n")
string(APPEND man ".SH NAME\ndossier \\- ${name_line}\n")
string(APPEND man ".SH SYNOPSIS\n.B dossier\n.I command\n[\\fIoptions\\fR]\n")
string(APPEND man ".SH DESCRIPTION\n.nf\n${main_roff}.fi\n.SH COMMANDS\n")
foreach(cmd IN LISTS commands)
  roff_verbatim("${help_${cmd}}" cmd_roff)
  string(APPEND man ".SS ${cmd}\n.nf\n${cmd_roff}.fi\n")
endforeach()
string(APPEND man [=[
.SH ENVIRONMENT
.TP
.B DOSSIER_VAULT
the vault when \fB\-\-vault\fR is not given
.TP
.B DOSSIER_TODAY
YYYY\-MM\-DD: the date dossier writes into notes (reproducible runs)
.SH FILES
.TP
.I VAULT/dossier.yaml
the configuration (\fBdossier init\fR writes a commented one)
.TP
.I VAULT/.dossier/
state: processed meetings, what dossier wrote, the journal of the last run
(for \fBundo\fR), the LLM response cache, the lock
]=])
file(WRITE ${OUT_DIR}/dossier.1 "${man}")

# bash: `complete -F`, options per command, values for the options that take one.
set(bash "# bash completion for dossier. Generated from `dossier --help` by cmake/help_docs.cmake.\n")
string(APPEND bash "_dossier() {\n  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}\n")
string(APPEND bash "  local IFS=\$'\\n'\n")
string(JOIN " " command_words ${commands})
string(APPEND bash "  if [ \"\$COMP_CWORD\" -eq 1 ]; then\n")
string(APPEND bash "    COMPREPLY=(\$(IFS=' ' compgen -W '${command_words} --help --version' -- \"\$cur\"))\n    return\n  fi\n")
string(APPEND bash "  case \$prev in\n")
string(APPEND bash "    --vault) compopt -o filenames 2>/dev/null; COMPREPLY=(\$(compgen -d -- \"\$cur\")); return ;;\n")
string(APPEND bash "    --config) compopt -o filenames 2>/dev/null; COMPREPLY=(\$(compgen -f -- \"\$cur\")); return ;;\n")
string(APPEND bash "    --extractor) COMPREPLY=(\$(IFS=' ' compgen -W 'rules llm hybrid' -- \"\$cur\")); return ;;\n")
string(APPEND bash "    --since) return ;;\n  esac\n")
string(APPEND bash "  local opts='' meeting=0\n  case \${COMP_WORDS[1]} in\n")
foreach(cmd IN LISTS commands)
  set(words "")
  foreach(o IN LISTS options_${cmd})
    list(APPEND words "--${o}")
  endforeach()
  string(JOIN " " words ${words})
  set(takes 0)
  if(meeting_${cmd})
    set(takes 1)
  endif()
  string(APPEND bash "    ${cmd}) opts='${words}'; meeting=${takes} ;;\n")
endforeach()
string(APPEND bash "  esac\n")
string(APPEND bash "  if [[ \$cur == -* || \$meeting == 0 ]]; then\n")
string(APPEND bash "    COMPREPLY=(\$(IFS=' ' compgen -W \"\$opts\" -- \"\$cur\"))\n  else\n")
string(APPEND bash "    compopt -o filenames 2>/dev/null; COMPREPLY=(\$(compgen -f -- \"\$cur\"))\n  fi\n}\n")
string(APPEND bash "complete -F _dossier dossier\n")
file(WRITE ${OUT_DIR}/dossier.bash "${bash}")

# zsh: a #compdef function with _describe for commands and _arguments per command.
set(zsh "#compdef dossier\n# zsh completion for dossier. Generated from `dossier --help` by cmake/help_docs.cmake.\n\n")
string(APPEND zsh "_dossier() {\n  local -a commands\n  commands=(\n")
foreach(cmd IN LISTS commands)
  zsh_description("${summary_${cmd}}" d)
  string(APPEND zsh "    '${cmd}:${d}'\n")
endforeach()
string(APPEND zsh "  )\n  if (( CURRENT == 2 )); then\n    _describe -t commands 'dossier command' commands\n    return\n  fi\n")
string(APPEND zsh "  local cmd=\$words[2]\n  shift words\n  (( CURRENT-- ))\n  case \$cmd in\n")
foreach(cmd IN LISTS commands)
  string(APPEND zsh "    ${cmd})\n      _arguments -s")
  foreach(o IN LISTS options_${cmd})
    zsh_description("${desc_${cmd}_${o}}" d)
    set(value "")
    if(arg_${cmd}_${o})
      if(o STREQUAL "vault")
        set(value ":folder:_files -/")
      elseif(o STREQUAL "extractor")
        set(value ":extractor:(rules llm hybrid)")
      elseif(o STREQUAL "config")
        set(value ":file:_files")
      else()
        set(value ":${o}: ")
      endif()
    endif()
    if(short_${cmd}_${o})
      string(APPEND zsh " \\\n        '(-${short_${cmd}_${o}} --${o})'{-${short_${cmd}_${o}},--${o}}'[${d}]${value}'")
    else()
      string(APPEND zsh " \\\n        '--${o}[${d}]${value}'")
    endif()
  endforeach()
  if(meeting_${cmd})
    string(APPEND zsh " \\\n        '1:${positional_${cmd}} file:_files'")
  endif()
  string(APPEND zsh " ;;\n")
endforeach()
string(APPEND zsh "  esac\n}\n\n_dossier \"\$@\"\n")
file(WRITE ${OUT_DIR}/_dossier "${zsh}")
