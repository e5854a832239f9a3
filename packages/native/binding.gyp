{
  "targets": [
    {
      "target_name": "nnts_native",
      "sources": [
        "csrc/addon.cc",
        "csrc/conv.cc",
        "csrc/gemm.cc",
        "csrc/gemm_generic.cc",
        "csrc/gemm_avx2.cc",
        "csrc/gemm_avx512.cc",
        "csrc/pool.cc",
        "csrc/recurrent.cc",
        "csrc/recurrent_generic.cc",
        "csrc/recurrent_avx2.cc",
        "csrc/recurrent_avx512.cc",
        "csrc/threads.cc"
      ],
      "defines": ["NAPI_VERSION=8"],
      "cflags_cc!": ["-fno-exceptions", "-O2", "-O3"],
      "cflags_cc": ["-std=c++17", "-O3", "-fno-exceptions", "-ffp-contract=off", "-fno-math-errno"],
      "xcode_settings": {
        "OTHER_CPLUSPLUSFLAGS": ["-std=c++17", "-O3", "-ffp-contract=off", "-fno-math-errno"]
      },
      "conditions": [["OS=='linux'", { "libraries": ["-pthread"], "cflags": ["-pthread"] }]]
    }
  ]
}
