#!/bin/sh
# Regenerates the app icons in this folder (electron-builder's buildResources) offline.
# Needs Debian's imagemagick and icnsutils: apt-get install -y imagemagick icnsutils
# The motif: five white balls over a red Powerball with a plus, on a navy rounded square.
set -eu
cd "$(dirname "$0")"
CONVERT=${CONVERT:-/usr/bin/convert-im6.q16}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$CONVERT" -size 1024x1024 xc:none \
  -fill '#14213d' -draw 'roundrectangle 64,64 960,960 190,190' \
  -fill '#ffffff' \
  -draw 'circle 188,375 188,431' -draw 'circle 330,254 330,310' -draw 'circle 512,210 512,266' \
  -draw 'circle 694,254 694,310' -draw 'circle 836,375 836,431' \
  -fill '#e63946' -draw 'circle 512,620 512,370' \
  -fill '#ffffff' -draw 'circle 512,620 512,495' \
  -fill '#e63946' -draw 'roundrectangle 494,545 530,695 8,8' -draw 'roundrectangle 437,602 587,638 8,8' \
  "$tmp/icon1024.png"
for s in 16 32 48 128 256 512; do
  "$CONVERT" "$tmp/icon1024.png" -filter Lanczos -resize "${s}x${s}" -strip "PNG32:$tmp/i$s.png"
done
cp "$tmp/i512.png" icon.png
"$CONVERT" "$tmp/icon1024.png" -depth 8 -define icon:auto-resize=256,128,64,48,32,24,16 icon.ico
png2icns icon.icns "$tmp/i16.png" "$tmp/i32.png" "$tmp/i48.png" "$tmp/i128.png" "$tmp/i256.png" "$tmp/i512.png" >/dev/null
