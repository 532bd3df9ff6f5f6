# install/install: `cmake --install` into a fresh prefix; checks what is there, and that
# nothing but the public headers is.
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
kiln_run(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX})

set(expected_files
  ${INCLUDEDIR}/kiln/kiln.hh
  ${INCLUDEDIR}/kiln/traps.def
  ${LIBDIR}/libkiln.a
  ${LIBDIR}/libkiln.so
  ${LIBDIR}/libkiln.so.${SOVERSION}
  ${LIBDIR}/libkiln.so.${VERSION}
  ${BINDIR}/kiln
  ${LIBDIR}/cmake/kiln/kilnConfig.cmake
  ${LIBDIR}/cmake/kiln/kilnConfigVersion.cmake
  ${LIBDIR}/cmake/kiln/kilnTargets.cmake
  ${LIBDIR}/pkgconfig/kiln.pc
  ${LIBDIR}/pkgconfig/kiln-static.pc)
foreach(f IN LISTS expected_files)
  if(NOT EXISTS ${PREFIX}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()

# Every public header and nothing else: include/kiln/*.hh and traps.def, and include/*.h
# (the C API) when the source tree has them.
file(GLOB_RECURSE installed RELATIVE ${PREFIX}/${INCLUDEDIR} ${PREFIX}/${INCLUDEDIR}/*)
file(GLOB public RELATIVE ${SOURCE_DIR}/include ${SOURCE_DIR}/include/kiln/*.hh ${SOURCE_DIR}/include/kiln/traps.def
     ${SOURCE_DIR}/include/*.h)
list(SORT installed)
list(SORT public)
if(NOT installed STREQUAL public)
  message(FATAL_ERROR "installed headers: ${installed}\npublic headers: ${public}")
endif()

# The shared library's SONAME carries the major and minor version.
execute_process(COMMAND readelf -d ${PREFIX}/${LIBDIR}/libkiln.so.${VERSION} OUTPUT_VARIABLE dyn)
if(NOT dyn MATCHES "Library soname: \\[libkiln\\.so\\.${SOVERSION}\\]")
  message(FATAL_ERROR "libkiln.so has no SONAME libkiln.so.${SOVERSION}:\n${dyn}")
endif()

# The installed tool runs README's first example.
kiln_run(COMMAND ${PREFIX}/${BINDIR}/kiln run --invoke fac ${SOURCE_DIR}/examples/fac.wat 20 OUTPUT_VARIABLE fac)
if(NOT fac STREQUAL "2432902008176640000\n")
  message(FATAL_ERROR "installed kiln: fac 20 printed ${fac}")
endif()
