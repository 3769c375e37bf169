#!/usr/bin/env python3
"""Corrects a filled miit-2023 申报表 DOCX the way a person does in Word, and writes the XML as Word
writes it: every paragraph and row gets rsid attributes, the edited value is split over several
runs with a proofErr mark and a _GoBack bookmark between them, a box is replaced by a Wingdings 2
symbol, another by a tick typed in its place, a row is added to the goal table by copying the row
above (Word continues the merged 方向 cell), a narrative paragraph is changed and another added.

Usage: word_edit.py IN.docx OUT.docx"""
import re
import sys
import zipfile


def edit(xml: str) -> str:
    def replace_once(old, new, start=0):
        i = xml.index(old, start)
        return xml[:i] + new + xml[i + len(old):], i

    # 集群占地面积 42.80 → 45.10, typed in the middle of the number: three runs.
    old = '<w:r>\n       <w:t xml:space="preserve">42.80</w:t>\n      </w:r>'
    new = ('<w:r w:rsidR="00A1B2C3"><w:t>4</w:t></w:r><w:proofErr w:type="spellStart"/>'
           '<w:r w:rsidRPr="00D4E5F6"><w:rPr><w:lang w:eastAsia="zh-CN"/></w:rPr><w:t>5.1</w:t></w:r>'
           '<w:bookmarkStart w:id="99" w:name="_GoBack"/><w:bookmarkEnd w:id="99"/>'
           '<w:proofErr w:type="spellEnd"/><w:r><w:t>0</w:t></w:r>')
    xml, _ = replace_once(old, new)

    # 主导产业所属产业类型: 第二产业 unticked, 第三产业 ticked with Word's 插入符号 (Wingdings 2, F052).
    xml, _ = replace_once('☑第二产业', '☐第二产业')
    xml, _ = replace_once('<w:t xml:space="preserve">☐第三产业</w:t>',
                          '<w:sym w:font="Wingdings 2" w:char="F052"/></w:r><w:r><w:t xml:space="preserve">第三产业</w:t>')

    # 是否已被认定为省级中小企业特色产业集群: 是 → 否, the box overtyped with a tick.
    at = xml.index('是否已被认定为省级')
    yes = xml.index('☑是', at)
    xml = xml[:yes] + '☐是' + xml[yes + len('☑是'):]
    no = xml.index('☐否', at)
    xml = xml[:no] + '√否' + xml[no + len('☐否'):]

    # The goal table: a row added under 集群产值年均增速 (Word: 在下方插入行, then typed).
    i = xml.index('集群产值年均增速')
    start = xml.rindex('<w:tr>', 0, i)
    end = xml.index('</w:tr>', i) + len('</w:tr>')
    row = xml[start:end]
    row = row.replace('<w:vMerge w:val="restart"/>', '<w:vMerge/>', 1)
    row = row.replace('<w:t xml:space="preserve">主导产业</w:t>', '', 1)
    cells = re.findall(r'<w:t xml:space="preserve">([^<]*)</w:t>', row)
    # indicator, baseline, target in that order after the 方向 cell
    for old_text, new_text in zip(cells[:3], ['单位产值利润率', '6.50%', '8.00%']):
        row = row.replace('<w:t xml:space="preserve">%s</w:t>' % old_text,
                          '<w:t xml:space="preserve">%s</w:t>' % new_text, 1)
    xml = xml[:end] + row + xml[end:]

    # 总体情况: the first paragraph's opening words changed, and a paragraph added after it.
    i = xml.index('高阳县是全国重要的毛巾家纺生产基地。')
    xml = xml[:i] + '高阳县是全国最大的毛巾家纺生产基地。' + xml[i + len('高阳县是全国重要的毛巾家纺生产基地。'):]
    pstart = xml.rindex('<w:p>', 0, i)
    pend = xml.index('</w:p>', i) + len('</w:p>')
    para = xml[pstart:pend]
    added = re.sub(r'<w:t xml:space="preserve">[^<]*</w:t>', '<w:t>2023年，集群新增规模以上企业12家。</w:t>', para, count=1)
    xml = xml[:pend] + added + xml[pend:]

    # rsids everywhere, as Word saves them.
    xml = xml.replace('<w:p>', '<w:p w:rsidR="00112233" w:rsidRDefault="00445566" w:rsidP="00778899">')
    xml = xml.replace('<w:tr>', '<w:tr w:rsidR="00112233" w:rsidTr="00445566">')
    return xml


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == 'word/document.xml':
                data = edit(data.decode('utf-8')).encode('utf-8')
            zout.writestr(item, data)


if __name__ == '__main__':
    main()
