# vsmmu_core_layer(<layer> <sources...>): a static library vsmmu_<layer> of
# the freestanding core. Every core file is C11 and must build without libc.
function(vsmmu_core_layer layer)
	add_library(vsmmu_${layer} STATIC ${ARGN})
	target_include_directories(vsmmu_${layer} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
endfunction()
