# Compiles every file under templates/ (customer note, rules, prompts, the
# demo vault) into OUT_VAR's C++ file, so an installed dossier never depends on
# the source tree; cmake/embed.cmake writes it, vault/templates.h reads it.
#
# The list is a glob on purpose: every file under templates/ is a template by
# its path, and one left out of a hand-written list would go missing at run
# time with no error from the compiler.
function(dossier_embed_templates out_var)
  set(src ${PROJECT_SOURCE_DIR}/templates)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded_templates.cc)
  file(GLOB_RECURSE names CONFIGURE_DEPENDS RELATIVE ${src} ${src}/*)
  set(inputs)
  foreach(f ${names})
    list(APPEND inputs ${src}/${f})
  endforeach()
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DSRC=${src} -DOUT=${out} -P ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    DEPENDS ${inputs} ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    COMMENT "Embedding templates/")
  set(${out_var} ${out} PARENT_SCOPE)
endfunction()
