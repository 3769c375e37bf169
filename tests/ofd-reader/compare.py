#!/usr/bin/env python3
"""How alike two renderings of one page are: compare.py A.png B.png [--tol PX] [--diff OUT.png]

A is typically the page drawn by the OFD reader (render.mjs), B our PDF's page from
`pdftoppm -r DPI -png`, at the same dpi. Python 3 standard library only: the PNG decoder below
handles 8-bit (and 1/2/4/16-bit grey) non-interlaced images of every colour type, which covers
what chromium and pdftoppm write. B is scaled to A's size by nearest neighbour when they differ
(a pixel or so, from rounding the page box).

Each pixel is ink (grey < 128, alpha composited on white) or paper. Printed, one figure a line
after a summary line:
  agree      share of all pixels that are ink in both or paper in both (= grey levels within 64
             after binarising); near 1 for any mostly blank page, so read it with the next ones
  grey64     share of pixels whose grey levels, unbinarised, differ by less than 64
  ink_a/b    share of each page that is ink
  iou        ink pixels in both / ink pixels in either: exact overlap, lowered by anti-aliasing
             and stroke-width differences between two rasterisers even when nothing moved
  precision  share of A's ink within --tol pixels (default 1) of B's ink
  recall     share of B's ink within --tol pixels of A's ink
  f1         their harmonic mean: the similarity figure, robust to sub-pixel differences
--json prints the same as one JSON object. --diff writes a picture: black where both have ink,
red where only A has, blue where only B has. Always exits 0 for two readable PNGs (it reports;
the caller decides); 2 when a file cannot be read.
"""
import json
import struct
import sys
import zlib


class PngError(Exception):
    pass


def read_png(path):
    """(width, height, rows of grey bytes 0..255) of a PNG file."""
    with open(path, 'rb') as f:
        data = f.read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise PngError(f'{path}: not a PNG file')
    pos, idat, plte, trns, ihdr = 8, [], None, None, None
    while pos + 8 <= len(data):
        length, ctype = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if ctype == b'IHDR':
            ihdr = struct.unpack('>IIBBBBB', body)
        elif ctype == b'PLTE':
            plte = body
        elif ctype == b'tRNS':
            trns = body
        elif ctype == b'IDAT':
            idat.append(body)
        elif ctype == b'IEND':
            break
    if ihdr is None:
        raise PngError(f'{path}: no IHDR')
    w, h, depth, colour, _comp, _filt, interlace = ihdr
    if interlace:
        raise PngError(f'{path}: interlaced PNG is not supported')
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(colour)
    if channels is None or depth not in (1, 2, 4, 8, 16) or (depth != 8 and colour not in (0, 3) and depth != 16):
        raise PngError(f'{path}: colour type {colour} at {depth} bits is not supported')
    raw = zlib.decompress(b''.join(idat))
    bits = channels * depth
    stride = (w * bits + 7) // 8
    bpp = max(1, bits // 8)
    rows, prev, p = [], bytearray(stride), 0
    for _ in range(h):
        ftype = raw[p]
        line = bytearray(raw[p + 1:p + 1 + stride])
        p += 1 + stride
        if ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif ftype == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif ftype == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        elif ftype != 0:
            raise PngError(f'{path}: bad filter type {ftype}')
        rows.append(bytes(line))
        prev = line
    return w, h, [to_grey(r, w, depth, colour, channels, plte, trns) for r in rows]


def to_grey(row, w, depth, colour, channels, plte, trns):
    if depth == 16:  # keep the high bytes
        row = row[0::2]
        depth = 8
    if depth < 8:  # unpack 1/2/4-bit samples (grey or palette)
        per, mask, out = 8 // depth, (1 << depth) - 1, bytearray()
        for byte in row:
            for k in range(per):
                out.append((byte >> (8 - depth * (k + 1))) & mask)
        row = out[:w]
        if colour == 0:
            row = bytes(v * 255 // mask for v in row)
    if colour == 3:
        pal = plte or b''
        alpha = trns or b''
        out = bytearray()
        for i in row:
            r, g, b = pal[3 * i:3 * i + 3] or b'\0\0\0'
            a = alpha[i] if i < len(alpha) else 255
            out.append(composite((299 * r + 587 * g + 114 * b) // 1000, a))
        return bytes(out)
    if colour == 0:
        return bytes(row)
    if colour == 4:
        return bytes(composite(v, a) for v, a in zip(row[0::2], row[1::2]))
    if colour == 2:
        return bytes((299 * r + 587 * g + 114 * b) // 1000 for r, g, b in zip(row[0::3], row[1::3], row[2::3]))
    return bytes(composite((299 * r + 587 * g + 114 * b) // 1000, a)
                 for r, g, b, a in zip(row[0::4], row[1::4], row[2::4], row[3::4]))


def composite(v, a):
    """Grey v with alpha a over white paper."""
    return (v * a + 255 * (255 - a)) // 255


def scale_to(rows, w, h, nw, nh):
    if (w, h) == (nw, nh):
        return rows
    cols = [min(w - 1, (x * w) // nw) for x in range(nw)]
    out = []
    for y in range(nh):
        r = rows[min(h - 1, (y * h) // nh)]
        out.append(bytes(r[c] for c in cols))
    return out


INK = bytes(ord('1') if v < 128 else ord('0') for v in range(256))


def ink_rows(rows):
    """Each row as an int whose bits are the ink pixels."""
    return [int(r.translate(INK), 2) if r else 0 for r in rows]


def dilate(masks, r, width):
    full = (1 << width) - 1
    horiz = []
    for m in masks:
        d = m
        for k in range(1, r + 1):
            d |= (m << k) | (m >> k)
        horiz.append(d & full)
    out = []
    for y in range(len(horiz)):
        d = 0
        for yy in range(max(0, y - r), min(len(horiz), y + r + 1)):
            d |= horiz[yy]
        out.append(d)
    return out


def popcount(x):
    return bin(x).count('1')


def write_diff(path, w, h, a, b):
    raw = bytearray()
    for ma, mb in zip(a, b):
        raw.append(0)
        sa = bin(ma)[2:].zfill(w)
        sb = bin(mb)[2:].zfill(w)
        for ca, cb in zip(sa, sb):
            if ca == '1' and cb == '1':
                raw += b'\0\0\0'
            elif ca == '1':
                raw += b'\xdd\x22\x22'
            elif cb == '1':
                raw += b'\x22\x44\xdd'
            else:
                raw += b'\xff\xff\xff'

    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))

    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
                + chunk(b'IDAT', zlib.compress(bytes(raw), 9)) + chunk(b'IEND', b''))


def main(argv):
    args, tol, diff, as_json = [], 1, None, False
    it = iter(argv)
    for a in it:
        if a == '--tol':
            v = next(it, '')
            if not v.isdigit():
                print('compare.py: --tol needs a number of pixels', file=sys.stderr)
                return 2
            tol = int(v)
        elif a == '--diff':
            diff = next(it, None)
        elif a == '--json':
            as_json = True
        else:
            args.append(a)
    if len(args) != 2:
        print(__doc__.split('\n')[0], file=sys.stderr)
        return 2
    try:
        wa, ha, ga = read_png(args[0])
        wb, hb, gb = read_png(args[1])
    except (OSError, PngError, zlib.error) as e:
        print(f'compare.py: {e}', file=sys.stderr)
        return 2
    gb_s = scale_to(gb, wb, hb, wa, ha)
    n = wa * ha
    grey64 = sum(sum(1 for x, y in zip(ra, rb) if abs(x - y) < 64) for ra, rb in zip(ga, gb_s)) / n
    ma, mb = ink_rows(ga), ink_rows(gb_s)
    ink_a = sum(map(popcount, ma))
    ink_b = sum(map(popcount, mb))
    both = sum(popcount(x & y) for x, y in zip(ma, mb))
    either = sum(popcount(x | y) for x, y in zip(ma, mb))
    differ = either - both
    da, db = dilate(ma, tol, wa), dilate(mb, tol, wa)
    prec = sum(popcount(x & y) for x, y in zip(ma, db)) / ink_a if ink_a else 0.0
    rec = sum(popcount(x & y) for x, y in zip(mb, da)) / ink_b if ink_b else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    res = {
        'a': args[0], 'b': args[1], 'size_a': [wa, ha], 'size_b': [wb, hb],
        'scaled': (wa, ha) != (wb, hb), 'tol_px': tol,
        'agree': round(1 - differ / n, 5), 'grey64': round(grey64, 5),
        'ink_a': round(ink_a / n, 5), 'ink_b': round(ink_b / n, 5),
        'iou': round(both / either, 4) if either else 1.0,
        'precision': round(prec, 4), 'recall': round(rec, 4), 'f1': round(f1, 4),
    }
    if diff:
        write_diff(diff, wa, ha, ma, mb)
    if as_json:
        print(json.dumps(res))
    else:
        print(f"{wa}x{ha} vs {wb}x{hb}{' (B scaled to A)' if res['scaled'] else ''}: "
              f"f1 {res['f1']:.4f} at {tol} px, iou {res['iou']:.4f}, agree {res['agree']:.4f}")
        for k in ('agree', 'grey64', 'ink_a', 'ink_b', 'iou', 'precision', 'recall', 'f1'):
            print(f'{k} {res[k]}')
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # compare.py A B | head -1
        sys.exit(0)
