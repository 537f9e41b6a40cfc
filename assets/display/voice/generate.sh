#!/usr/bin/env bash
# Regenerates the announcement clips the hall display plays when the
# browser has no speech voice for a language (see docs/display.md). Run it
# by hand after changing a word; the clips are committed, so neither the hub
# nor the tests need these tools. Needs espeak-ng and opus-tools (Debian:
# apt-get install espeak-ng opus-tools).
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

clip() { # lang name text
  espeak-ng -v "$1" -s 150 -w "$tmp/clip.wav" "$3"
  trim "$tmp/clip.wav"
  opusenc --quiet --bitrate 20 --downmix-mono "$tmp/clip.wav" "$1/$2.ogg"
}

# trim cuts the silence espeak-ng leaves around a word down to 30 ms, so the
# words of a sentence follow each other closely.
trim() {
  python3 - "$1" <<'PY'
import array, sys, wave
with wave.open(sys.argv[1]) as w:
    params, frames = w.getparams(), array.array("h", w.readframes(w.getnframes()))
loud = [i for i, v in enumerate(frames) if abs(v) > 300]
pad = params.framerate * 30 // 1000
frames = frames[max(0, loud[0] - pad):loud[-1] + pad]
with wave.open(sys.argv[1], "wb") as w:
    w.setparams(params)
    w.writeframes(frames.tobytes())
PY
}

words_en=(number "Number" go_to "please go to" desk "desk")
words_ar=(number "الرقم" go_to "توجَّه إلى" desk "مكتب")
digits_en=(zero one two three four five six seven eight nine)
digits_ar=(صفر واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة)
letters=(A B C D E F G H I J K L M N O P Q R S T U V W X Y Z)
# The Latin letters as an Arabic speaker names them.
letters_ar=(إيه بي سي دي إي إف جي إتش آي جيه كيه إل إم إن أو بي كيو آر إس تي يو في دبليو إكس واي زد)

for ((i = 0; i < ${#words_en[@]}; i += 2)); do
  clip en "${words_en[i]}" "${words_en[i+1]}"
  clip ar "${words_ar[i]}" "${words_ar[i+1]}"
done
for d in {0..9}; do
  clip en "$d" "${digits_en[d]}"
  clip ar "$d" "${digits_ar[d]}"
done
for i in "${!letters[@]}"; do
  l=${letters[i]}
  clip en "${l,,}" "$l"
  clip ar "${l,,}" "${letters_ar[i]}"
done
