# `cmake --install build [--prefix DIR]`: bin/dossier, the man page dossier(1)
# and bash and zsh completion; `cpack -G DEB` packs the same files into a .deb.
include(GNUInstallDirs)

# The man page and completions are made from the built binary's --help text.
set(DOSSIER_DOCS_DIR ${PROJECT_BINARY_DIR}/share)
add_custom_command(
  OUTPUT ${DOSSIER_DOCS_DIR}/dossier.1 ${DOSSIER_DOCS_DIR}/dossier.bash ${DOSSIER_DOCS_DIR}/_dossier
  COMMAND ${CMAKE_COMMAND} -E make_directory ${DOSSIER_DOCS_DIR}
  COMMAND ${CMAKE_COMMAND} -DDOSSIER=$<TARGET_FILE:dossier> -DVERSION=${PROJECT_VERSION}
          -DOUT_DIR=${DOSSIER_DOCS_DIR} -P ${PROJECT_SOURCE_DIR}/cmake/help_docs.cmake
  DEPENDS dossier ${PROJECT_SOURCE_DIR}/cmake/help_docs.cmake
  COMMENT "Man page and shell completion from dossier --help"
  VERBATIM)
add_custom_target(dossier_docs ALL DEPENDS ${DOSSIER_DOCS_DIR}/dossier.1)

install(TARGETS dossier RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${DOSSIER_DOCS_DIR}/dossier.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${DOSSIER_DOCS_DIR}/dossier.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME dossier)
# zsh looks in site-functions under /usr/local (and any prefix one adds to
# $fpath), but Debian's own packages put completions in vendor-completions:
# the prefix is known only at install time (cpack installs into /usr).
install(CODE "
  if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
    set(dossier_zsh_dir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions\")
  else()
    set(dossier_zsh_dir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/zsh/site-functions\")
  endif()
  file(INSTALL DESTINATION \"\${dossier_zsh_dir}\" TYPE FILE FILES \"${DOSSIER_DOCS_DIR}/_dossier\")
")

set(CPACK_PACKAGE_NAME dossier)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "keeps customer notes of a Markdown vault up to date from meeting notes")
set(CPACK_PACKAGE_CONTACT "dossier maintainers <dossier@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
# A package carries the program, not its debug information (build/ keeps that).
set(CPACK_STRIP_FILES ON)
# The runtime libraries' Debian packages, read off the binary by
# dpkg-shlibdeps (dpkg-dev), so they match the release it was built on.
find_program(DOSSIER_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(DOSSIER_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
endif()
include(CPack)
