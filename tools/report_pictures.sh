#!/usr/bin/env bash
# The pictures README shows of `sciplan report`: the demo's 2022 report in Chinese (an open year, as
# of 30 September), its Word draft's first page and the landscape page of its indicator table
# (DOCX -> PDF -> PNG with LibreOffice headless) and the top of its HTML page (headless Chromium).
# Run from the repository with sciplan installed; needs (Debian):
#     apt-get install -y libreoffice-writer poppler-utils chromium fonts-noto-cjk
# Writes docs/report-word.png, docs/report-word-table.png and docs/report-html.png; the PDF and the
# report's files stay in a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sciplan report 2022 --root . --lang zh --out "$work" --only docx,html
docx=$(ls "$work"/*.docx)
html=$(ls "$work"/*.html)

# Word -> PDF: LibreOffice lays the page out as Word would (GB/T 9704 margins, fonts substituted)
soffice --headless --norestore -env:UserInstallation=file://"$work"/lo --convert-to pdf --outdir "$work" "$docx" > /dev/null
pdf="${docx%.docx}.pdf"
# PDF -> PNG of the first page, 700 pixels wide (small enough to commit), and of the first
# landscape page (the indicator table, turned because portrait cannot hold its columns)
mkdir -p docs
pdftoppm -png -f 1 -l 1 -scale-to-x 700 -scale-to-y -1 -singlefile "$pdf" docs/report-word
turned=$(pdfinfo -f 1 -l 99 "$pdf" | awk '/^Page +[0-9]+ size:/ && $4 > $6 { print $2; exit }')
pdftoppm -png -f "$turned" -l "$turned" -scale-to-x 900 -scale-to-y -1 -singlefile "$pdf" docs/report-word-table

# the HTML page as a browser shows it, at 0.75 scale: 825 × 1125 pixels
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=10000 \
    --force-device-scale-factor=0.75 --window-size=1100,1500 --screenshot=docs/report-html.png "file://$html" 2> /dev/null
ls -l docs/report-word.png docs/report-word-table.png docs/report-html.png
