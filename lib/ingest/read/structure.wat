;; The prefilter's structural walk (prefilter.ts), sixteen bytes at a time with WebAssembly SIMD.
;; `npm run build:wasm` compiles this file into structure-wasm.ts.
;;
;; Memory: the bracket stack from offset 0 (one byte a level: "{" or "["), the chunk from DATA,
;; with 16 bytes of room after it (a block load may read past the end; those bits are masked).
;;
;; close(start, end, limit): from the "{" at `start`, the offset of the "}" that closes it, or -1
;; when it does not close before `end`, a bracket closes another kind, a bracket opens at depth
;; `limit`, or its top-level "eventSource" is followed by "elasticache.amazonaws.com" or "" (the
;; scanner reads those records: the walk stops there). Strings are followed by their quotes
;; alone: the caller passes over no object with a backslash before its end, and up to the first
;; backslash this is exact. On the way, the 13-byte strings directly inside the object that read
;; "eventSource" are counted (global $keys) and the last one's offset kept (global $keyAt).
(module
  (memory (export "memory") 1)
  (global $keys (export "keys") (mut i32) (i32.const 0))
  (global $keyAt (export "keyAt") (mut i32) (i32.const 0))
  (global (export "DATA") i32 (i32.const 1024))

  (func (export "close") (param $start i32) (param $end i32) (param $limit i32) (result i32)
    (local $i i32) (local $depth i32) (local $inString i32) (local $stringStart i32)
    (local $v v128) (local $valid i32) (local $quotes i32) (local $strings i32)
    (local $opens i32) (local $closes i32) (local $events i32) (local $bit i32) (local $at i32)
    (local $afterKey i32)
    (global.set $keys (i32.const 0))
    (global.set $keyAt (i32.const -1))
    (local.set $i (local.get $start))
    (loop $blocks
      (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const -1))))
      (local.set $v (v128.load (local.get $i)))
      (local.set $valid
        (if (result i32) (i32.lt_u (i32.sub (local.get $end) (local.get $i)) (i32.const 16))
          (then (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $end) (local.get $i))) (i32.const 1)))
          (else (i32.const 0xffff))))
      (local.set $quotes
        (i32.and (local.get $valid) (i8x16.bitmask (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x22))))))
      ;; Bit k of $strings: byte k is inside a string or is its opening quote (a prefix XOR of the
      ;; quotes, carried over from the block before).
      (local.set $strings (local.get $quotes))
      (local.set $strings (i32.xor (local.get $strings) (i32.shl (local.get $strings) (i32.const 1))))
      (local.set $strings (i32.xor (local.get $strings) (i32.shl (local.get $strings) (i32.const 2))))
      (local.set $strings (i32.xor (local.get $strings) (i32.shl (local.get $strings) (i32.const 4))))
      (local.set $strings (i32.xor (local.get $strings) (i32.shl (local.get $strings) (i32.const 8))))
      (local.set $strings
        (i32.and (i32.xor (local.get $strings) (i32.mul (local.get $inString) (i32.const 0xffff))) (i32.const 0xffff)))
      (local.set $opens
        (i32.and (i32.and (local.get $valid) (i32.xor (local.get $strings) (i32.const 0xffff)))
          (i8x16.bitmask (v128.or
            (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x7b)))
            (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5b)))))))
      (local.set $closes
        (i32.and (i32.and (local.get $valid) (i32.xor (local.get $strings) (i32.const 0xffff)))
          (i8x16.bitmask (v128.or
            (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x7d)))
            (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5d)))))))
      ;; Most blocks: inside the object's values, no bracket. Otherwise every bracket in order, and
      ;; every quote (they matter directly inside the object, where the keys are).
      (local.set $events (i32.or (local.get $opens) (local.get $closes)))
      (if (i32.or (i32.ne (local.get $events) (i32.const 0)) (i32.le_u (local.get $depth) (i32.const 1)))
        (then
          (local.set $events (i32.or (local.get $events) (local.get $quotes)))
          (block $blockDone
            (loop $bits
              (br_if $blockDone (i32.eqz (local.get $events)))
              (local.set $bit (i32.shl (i32.const 1) (i32.ctz (local.get $events))))
              (local.set $at (i32.add (local.get $i) (i32.ctz (local.get $events))))
              (local.set $events (i32.and (local.get $events) (i32.sub (local.get $events) (i32.const 1))))
              (if (i32.and (local.get $quotes) (local.get $bit))
                (then
                  (if (i32.eq (local.get $depth) (i32.const 1))
                    (then
                      (if (i32.and (local.get $strings) (local.get $bit))
                        (then (local.set $stringStart (local.get $at)))
                        (else
                          ;; The string after an "eventSource" key: ElastiCache's name or blank is
                          ;; the scanner's to read, and the rest of the record need not be walked.
                          (if (local.get $afterKey)
                            (then
                              (if (i32.eq (i32.sub (local.get $at) (local.get $stringStart)) (i32.const 1))
                                (then (return (i32.const -1))))
                              (if (i32.and
                                    (i32.eq (i32.sub (local.get $at) (local.get $stringStart)) (i32.const 26))
                                    (i32.and
                                      (i32.eq
                                        (i8x16.bitmask (i8x16.eq (v128.load (local.get $stringStart))
                                          (v128.const i8x16 0x22 0x65 0x6c 0x61 0x73 0x74 0x69 0x63 0x61 0x63 0x68 0x65 0x2e 0x61 0x6d 0x61)))
                                        (i32.const 0xffff))
                                      (i32.eq
                                        (i8x16.bitmask (i8x16.eq (v128.load offset=11 (local.get $stringStart))
                                          (v128.const i8x16 0x65 0x2e 0x61 0x6d 0x61 0x7a 0x6f 0x6e 0x61 0x77 0x73 0x2e 0x63 0x6f 0x6d 0x22)))
                                        (i32.const 0xffff))))
                                (then (return (i32.const -1))))))
                          (local.set $afterKey (i32.const 0))
                          (if (i32.and
                                (i32.eq (i32.sub (local.get $at) (local.get $stringStart)) (i32.const 12))
                                (i32.eq
                                  (i32.and
                                    (i8x16.bitmask (i8x16.eq (v128.load (local.get $stringStart))
                                      (v128.const i8x16 0x22 0x65 0x76 0x65 0x6e 0x74 0x53 0x6f 0x75 0x72 0x63 0x65 0x22 0 0 0)))
                                    (i32.const 0x1fff))
                                  (i32.const 0x1fff)))
                            (then
                              (local.set $afterKey (i32.const 1))
                              (global.set $keys (i32.add (global.get $keys) (i32.const 1)))
                              (global.set $keyAt (local.get $stringStart))))))))
                  (br $bits)))
              (if (i32.and (local.get $opens) (local.get $bit))
                (then
                  (if (i32.ge_u (local.get $depth) (local.get $limit)) (then (return (i32.const -1))))
                  (i32.store8 (local.get $depth) (i32.load8_u (local.get $at)))
                  (local.set $depth (i32.add (local.get $depth) (i32.const 1)))
                  (br $bits)))
              ;; A close: it must match the open ("{" + 2 is "}", "[" + 2 is "]").
              (if (i32.eqz (local.get $depth)) (then (return (i32.const -1))))
              (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
              (if (i32.ne (i32.add (i32.load8_u (local.get $depth)) (i32.const 2)) (i32.load8_u (local.get $at)))
                (then (return (i32.const -1))))
              (if (i32.eqz (local.get $depth)) (then (return (local.get $at))))
              (br $bits)))))
      (local.set $inString (i32.shr_u (local.get $strings) (i32.const 15)))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $blocks))
    (i32.const -1))
)
