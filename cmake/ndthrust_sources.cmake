# ndthrust_sources(target src...): sources are .cpp files; on the CUDA backend nvcc compiles them (LANGUAGE CUDA),
# on the OMP backend g++ does. Tests, benchmarks and examples use the same rule, so one source serves both.
function(ndthrust_sources target)
  if(NDTHRUST_BACKEND STREQUAL "CUDA")
    set_source_files_properties(${ARGN} TARGET_DIRECTORY ${target} PROPERTIES LANGUAGE CUDA)
  endif()
endfunction()

# ndthrust_add_executable(name src...): an executable linked to ndthrust, compiled for the active backend.
function(ndthrust_add_executable name)
  add_executable(${name} ${ARGN})
  ndthrust_sources(${name} ${ARGN})
  target_link_libraries(${name} PRIVATE ndthrust::ndthrust)
endfunction()
