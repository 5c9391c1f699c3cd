# Embeds schema/NNNN_*.sql into a generated C++ source so the binaries carry their migrations.
function(tkr_embed_schema out_var)
  file(GLOB sql_files CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/schema/*.sql")
  list(SORT sql_files)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/embedded_schema.cpp")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DSQL_FILES="${sql_files}"
            -P "${PROJECT_SOURCE_DIR}/cmake/GenerateSchema.cmake"
    DEPENDS ${sql_files} "${PROJECT_SOURCE_DIR}/cmake/GenerateSchema.cmake"
    COMMENT "Embedding schema migrations")
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()
