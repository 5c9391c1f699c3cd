# TKR_SANITIZE="address;undefined" (dev preset) or "thread" (tsan preset).
if(TKR_SANITIZE)
  foreach(san IN LISTS TKR_SANITIZE)
    add_compile_options(-fsanitize=${san})
    add_link_options(-fsanitize=${san})
  endforeach()
  add_compile_options(-fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fno-sanitize-recover=undefined)
endif()
