<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>Your name (each annotator has their own layer):</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Background</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>mark document {status}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentList</name>
    <message>
        <source>todo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done ✓</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undecided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spans</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gold standard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only documents marked done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all labels (or e.g. SLOGAN,TARGET)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>include rejected spans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no split (or e.g. train=0.8,dev=0.1,test=0.1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>jieba words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exports/ with a name that says project, layer, format and time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CoNLL tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported {records} record(s), {spans} span(s) to {files}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportAnnotations</name>
    <message>
        <source>Import annotations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>into the layer of annotator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add labels the codebook lacks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotation files (*.jsonl *.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported {spans} span(s) from {records} record(s); {new} new document(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing annotations…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SpanList</name>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rule: {rule}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>score: {score}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>comment: {comment}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>flagged uncertain</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>undecided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relabelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>todo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in_progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing span</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>label conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>boundary conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>codebook rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>boundary rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missed by an annotator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>annotation slip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
