<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>Your name (each annotator has their own layer):</source>
        <translation>您的名字（每位标注员有自己的标注层）：</translation>
    </message>
</context>
<context>
    <name>Background</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>mark document {status}</source>
        <translation>将文档标为{status}</translation>
    </message>
</context>
<context>
    <name>DocumentList</name>
    <message>
        <source>todo</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>done ✓</source>
        <translation>已完成 ✓</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Undecided</source>
        <translation>待定</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>片段</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>all layers</source>
        <translation>所有标注层</translation>
    </message>
    <message>
        <source>candidates</source>
        <translation>候选</translation>
    </message>
    <message>
        <source>gold standard</source>
        <translation>金标准</translation>
    </message>
    <message>
        <source>only documents marked done</source>
        <translation>仅导出已标为完成的文档</translation>
    </message>
    <message>
        <source>all labels (or e.g. SLOGAN,TARGET)</source>
        <translation>所有标签（或如 SLOGAN,TARGET）</translation>
    </message>
    <message>
        <source>include rejected spans</source>
        <translation>包括已拒绝的片段</translation>
    </message>
    <message>
        <source>no split (or e.g. train=0.8,dev=0.1,test=0.1)</source>
        <translation>不划分（或如 train=0.8,dev=0.1,test=0.1）</translation>
    </message>
    <message>
        <source>characters</source>
        <translation>按字</translation>
    </message>
    <message>
        <source>jieba words</source>
        <translation>按 jieba 分词</translation>
    </message>
    <message>
        <source>exports/ with a name that says project, layer, format and time</source>
        <translation>exports/ 下，文件名含项目、标注层、格式和时间</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>标注层</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>数据划分</translation>
    </message>
    <message>
        <source>Split seed</source>
        <translation>划分随机种子</translation>
    </message>
    <message>
        <source>CoNLL tokens</source>
        <translation>CoNLL 词元</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>保存到</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Exported {records} record(s), {spans} span(s) to {files}</source>
        <translation>已导出 {records} 条记录、{spans} 个片段到 {files}</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
</context>
<context>
    <name>ImportAnnotations</name>
    <message>
        <source>Import annotations</source>
        <translation>导入标注</translation>
    </message>
    <message>
        <source>into the layer of annotator</source>
        <translation>导入该标注员的标注层</translation>
    </message>
    <message>
        <source>as candidates</source>
        <translation>作为候选导入</translation>
    </message>
    <message>
        <source>add labels the codebook lacks</source>
        <translation>添加编码手册中没有的标签</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Annotation files (*.jsonl *.json)</source>
        <translation>标注文件 (*.jsonl *.json)</translation>
    </message>
    <message>
        <source>Imported {spans} span(s) from {records} record(s); {new} new document(s).</source>
        <translation>已从 {records} 条记录导入 {spans} 个片段；新文档 {new} 篇。</translation>
    </message>
    <message>
        <source>Importing annotations…</source>
        <translation>正在导入标注…</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
</context>
<context>
    <name>SpanList</name>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>rule: {rule}</source>
        <translation>规则：{rule}</translation>
    </message>
    <message>
        <source>score: {score}</source>
        <translation>得分：{score}</translation>
    </message>
    <message>
        <source>comment: {comment}</source>
        <translation>备注：{comment}</translation>
    </message>
    <message>
        <source>flagged uncertain</source>
        <translation>已标记为不确定</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>undecided</source>
        <translation>待定</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>relabelled</source>
        <translation>已改标</translation>
    </message>
    <message>
        <source>added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>todo</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>in_progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>missing span</source>
        <translation>缺少片段</translation>
    </message>
    <message>
        <source>label conflict</source>
        <translation>标签冲突</translation>
    </message>
    <message>
        <source>boundary conflict</source>
        <translation>边界冲突</translation>
    </message>
    <message>
        <source>codebook rule</source>
        <translation>编码手册规则</translation>
    </message>
    <message>
        <source>boundary rule</source>
        <translation>边界规则</translation>
    </message>
    <message>
        <source>missed by an annotator</source>
        <translation>标注员遗漏</translation>
    </message>
    <message>
        <source>annotation slip</source>
        <translation>标注失误</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
</context>
</TS>
