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
    <name>Comment</name>
    <message>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Comment on this span:</source>
        <translation>对此片段的备注：</translation>
    </message>
    <message>
        <source>  (an unsaved draft)</source>
        <translation>  （未保存的草稿）</translation>
    </message>
    <message>
        <source>Ctrl+Enter saves · Enter starts a new line · Tab moves to the buttons · Esc closes (the draft is kept)</source>
        <translation>Ctrl+Enter 保存 · 回车换行 · Tab 移到按钮 · Esc 关闭（保留草稿）</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Close, keep draft (Esc)</source>
        <translation>关闭并保留草稿 (Esc)</translation>
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
        <source>Spans</source>
        <translation>片段</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待定</translation>
    </message>
    <message>
        <source>Undecided candidates</source>
        <translation>待定的候选片段</translation>
    </message>
    <message>
        <source>Spans in your layer</source>
        <translation>你这一层的片段</translation>
    </message>
    <message>
        <source>{count} new suggestion(s) arrived after you marked it done</source>
        <translation>标记完成后新到 {count} 条建议</translation>
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
    <name>FileMenu</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>New project…</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <source>Open project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <source>Import articles…</source>
        <translation>导入文章…</translation>
    </message>
    <message>
        <source>Import annotations…</source>
        <translation>导入标注…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Switch annotator…</source>
        <translation>切换标注员…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>Annotator projects (*.annotator.db *.db)</source>
        <translation>标注项目 (*.annotator.db *.db)</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Annotator projects (*.annotator.db *.db);;All files (*)</source>
        <translation>标注项目 (*.annotator.db *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot open the project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>标注员</translation>
    </message>
    <message>
        <source>Your name (each annotator has their own layer):</source>
        <translation>您的名字（每位标注员有自己的标注层）：</translation>
    </message>
    <message>
        <source>Import articles</source>
        <translation>导入文章</translation>
    </message>
    <message>
        <source>Articles (*.txt *.jsonl *.csv)</source>
        <translation>文章 (*.txt *.jsonl *.csv)</translation>
    </message>
    <message>
        <source>Imported {imported} new document(s); {duplicates} already in the project.</source>
        <translation>已导入 {imported} 篇新文档；{duplicates} 篇已在项目中。</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>Keyboard</source>
        <translation>键盘</translation>
    </message>
    <message>
        <source>The keys work whichever pane has focus (except while typing in the search box: Esc leaves it). After each decision the next undecided candidate becomes current.</source>
        <translation>无论焦点在哪个窗格，快捷键都有效（在搜索框中输入时除外：按 Esc 离开搜索框）。每次决定之后，下一个待定候选自动成为当前片段。</translation>
    </message>
    <message>
        <source>{glyph} in the tag</source>
        <translation>标签中的 {glyph}</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>片段</translation>
    </message>
    <message>
        <source>Every span has its own box and, right after its last character, a tag: the first letters of its category (SLO for SLOGAN) in the category&apos;s colour.</source>
        <translation>每个片段都有自己的方框，并在最后一个字之后显示一个标签：类别名称的前几个字母（如 SLOGAN 显示为 SLO），以该类别的颜色标出。</translation>
    </message>
    <message>
        <source>Hover a span for its label, rule, score and comment.</source>
        <translation>鼠标悬停在片段上可查看其标签、规则、得分和备注。</translation>
    </message>
    <message>
        <source>annotator — keys</source>
        <translation>annotator — 快捷键</translation>
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
    <name>Keys</name>
    <message>
        <source>accept the current candidate</source>
        <translation>接受当前候选</translation>
    </message>
    <message>
        <source>Enter / A</source>
        <translation>回车 / A</translation>
    </message>
    <message>
        <source>reject the current candidate (removes an own span)</source>
        <translation>拒绝当前候选（若是自己添加的片段则删除）</translation>
    </message>
    <message>
        <source>X / Delete</source>
        <translation>X / Delete</translation>
    </message>
    <message>
        <source>1 … 9</source>
        <translation>1 … 9</translation>
    </message>
    <message>
        <source>the category with that key in the codebook: relabel the current span; with text selected, make a new span</source>
        <translation>编码手册中该按键对应的类别：将当前片段改标为此类别；若已选中文本，则新建片段</translation>
    </message>
    <message>
        <source>Space / .</source>
        <translation>空格 / .</translation>
    </message>
    <message>
        <source>skip: on to the next undecided candidate without deciding</source>
        <translation>跳过：不作决定，转到下一个待定候选</translation>
    </message>
    <message>
        <source>next span</source>
        <translation>下一个片段</translation>
    </message>
    <message>
        <source>Tab / J</source>
        <translation>Tab / J</translation>
    </message>
    <message>
        <source>previous span</source>
        <translation>上一个片段</translation>
    </message>
    <message>
        <source>Shift+Tab / K</source>
        <translation>Shift+Tab / K</translation>
    </message>
    <message>
        <source>next document</source>
        <translation>下一篇文档</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>previous document</source>
        <translation>上一篇文档</translation>
    </message>
    <message>
        <source>P</source>
        <translation>P</translation>
    </message>
    <message>
        <source>Shift+←</source>
        <translation>Shift+←</translation>
    </message>
    <message>
        <source>move the current span&apos;s start one character left (with text selected: extend the selection)</source>
        <translation>当前片段的起点左移一个字（已选中文本时：扩展选区）</translation>
    </message>
    <message>
        <source>move the start one character right</source>
        <translation>起点右移一个字</translation>
    </message>
    <message>
        <source>Shift+→</source>
        <translation>Shift+→</translation>
    </message>
    <message>
        <source>move the current span&apos;s end one character left</source>
        <translation>当前片段的终点左移一个字</translation>
    </message>
    <message>
        <source>Ctrl+Shift+←</source>
        <translation>Ctrl+Shift+←</translation>
    </message>
    <message>
        <source>move the end one character right</source>
        <translation>终点右移一个字</translation>
    </message>
    <message>
        <source>Ctrl+Shift+→</source>
        <translation>Ctrl+Shift+→</translation>
    </message>
    <message>
        <source>move the start to the previous word boundary (jieba)</source>
        <translation>起点移到上一个词边界（jieba 分词）</translation>
    </message>
    <message>
        <source>Alt+Shift+←</source>
        <translation>Alt+Shift+←</translation>
    </message>
    <message>
        <source>move the start to the next word boundary</source>
        <translation>起点移到下一个词边界</translation>
    </message>
    <message>
        <source>Alt+Shift+→</source>
        <translation>Alt+Shift+→</translation>
    </message>
    <message>
        <source>move the end to the previous word boundary</source>
        <translation>终点移到上一个词边界</translation>
    </message>
    <message>
        <source>Ctrl+Alt+Shift+←</source>
        <translation>Ctrl+Alt+Shift+←</translation>
    </message>
    <message>
        <source>move the end to the next word boundary</source>
        <translation>终点移到下一个词边界</translation>
    </message>
    <message>
        <source>Ctrl+Alt+Shift+→</source>
        <translation>Ctrl+Alt+Shift+→</translation>
    </message>
    <message>
        <source>start selecting at the caret: arrows extend the selection, then a category key</source>
        <translation>从光标处开始选择：方向键扩展选区，再按类别键</translation>
    </message>
    <message>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <source>cancel the selection</source>
        <translation>取消选择</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>flag the current span uncertain (again to unflag)</source>
        <translation>将当前片段标记为不确定（再按一次取消）</translation>
    </message>
    <message>
        <source>U</source>
        <translation>U</translation>
    </message>
    <message>
        <source>comment on the current span</source>
        <translation>为当前片段写备注</translation>
    </message>
    <message>
        <source>C</source>
        <translation>C</translation>
    </message>
    <message>
        <source>mark the document done (warns if candidates remain)</source>
        <translation>将文档标为已完成（若仍有候选会提醒）</translation>
    </message>
    <message>
        <source>D</source>
        <translation>D</translation>
    </message>
    <message>
        <source>undo (across documents)</source>
        <translation>撤销（可跨文档）</translation>
    </message>
    <message>
        <source>Ctrl+Z</source>
        <translation>Ctrl+Z</translation>
    </message>
    <message>
        <source>redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Z / Ctrl+Y</source>
        <translation>Ctrl+Shift+Z / Ctrl+Y</translation>
    </message>
    <message>
        <source>Ctrl+Shift+T</source>
        <translation>Ctrl+Shift+T</translation>
    </message>
    <message>
        <source>retrain your model now, in the background (it also retrains by itself every few decisions)</source>
        <translation>立即在后台重新训练你的模型（每做若干个决定它也会自动重新训练）</translation>
    </message>
    <message>
        <source>search the documents</source>
        <translation>搜索文档</translation>
    </message>
    <message>
        <source>Ctrl+F or /</source>
        <translation>Ctrl+F 或 /</translation>
    </message>
    <message>
        <source>Ctrl+= / Ctrl++</source>
        <translation>Ctrl+= / Ctrl++</translation>
    </message>
    <message>
        <source>larger article text (remembered)</source>
        <translation>放大正文文字（会记住）</translation>
    </message>
    <message>
        <source>Ctrl+−</source>
        <translation>Ctrl+−</translation>
    </message>
    <message>
        <source>smaller article text</source>
        <translation>缩小正文文字</translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <source>article text at its normal size</source>
        <translation>正文文字恢复正常大小</translation>
    </message>
    <message>
        <source>this help</source>
        <translation>本帮助</translation>
    </message>
    <message>
        <source>? / F1</source>
        <translation>? / F1</translation>
    </message>
    <message>
        <source>click a highlight</source>
        <translation>点击高亮</translation>
    </message>
    <message>
        <source>make it current (the mouse works too)</source>
        <translation>设为当前片段（也可用鼠标）</translation>
    </message>
    <message>
        <source>select + category button</source>
        <translation>选中文本 + 类别按钮</translation>
    </message>
    <message>
        <source>make a new span with the mouse</source>
        <translation>用鼠标新建片段</translation>
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
    <name>MainWindow</name>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>todo</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Search titles and texts (Ctrl+F)</source>
        <translation>搜索标题和正文 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>片段</translation>
    </message>
    <message>
        <source>Codebook</source>
        <translation>编码手册</translation>
    </message>
    <message>
        <source>no changes yet</source>
        <translation>尚无改动</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Undo	Ctrl+Z</source>
        <translation>撤销	Ctrl+Z</translation>
    </message>
    <message>
        <source>Redo	Ctrl+Shift+Z</source>
        <translation>重做	Ctrl+Shift+Z</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Retrain my model now	Ctrl+Shift+T</source>
        <translation>立即重新训练我的模型	Ctrl+Shift+T</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>审阅(&amp;R)</translation>
    </message>
    <message>
        <source>Agreement and adjudication… (all annotators&apos; layers)</source>
        <translation>一致性与裁定…（所有标注员的标注层）</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Keys…	F1</source>
        <translation>快捷键…	F1</translation>
    </message>
    <message>
        <source>searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>{count} document(s) found</source>
        <translation>找到 {count} 篇文档</translation>
    </message>
    <message>
        <source>No category has the key {key} (the codebook&apos;s keys: {keys})</source>
        <translation>没有类别使用按键 {key}（编码手册中的按键：{keys}）</translation>
    </message>
    <message>
        <source>No other undecided candidate in this document</source>
        <translation>本文档中没有其他待定候选</translation>
    </message>
    <message>
        <source>{count} candidate(s) are still undecided.
Mark this document done anyway?</source>
        <translation>还有 {count} 个候选未决定。
仍将本文档标为已完成吗？</translation>
    </message>
    <message>
        <source>Your model retrains in the background after every {count} decisions</source>
        <translation>你的模型每做 {count} 个决定后在后台重新训练</translation>
    </message>
    <message>
        <source>Automatic retraining is off (Ctrl+Shift+T retrains now)</source>
        <translation>自动重新训练已关闭（按 Ctrl+Shift+T 立即重新训练）</translation>
    </message>
    <message>
        <source>Automatic retraining</source>
        <translation>自动重新训练</translation>
    </message>
    <message>
        <source>Retrain your model after every N decisions (0: off):</source>
        <translation>每做 N 个决定后重新训练你的模型（0：关闭）：</translation>
    </message>
    <message>
        <source>Retrain after every {count} decisions…</source>
        <translation>每 {count} 个决定后重新训练…</translation>
    </message>
    <message>
        <source>Automatic retraining: off…</source>
        <translation>自动重新训练：关闭…</translation>
    </message>
    <message>
        <source>Retraining is running; it will run once more when it finishes</source>
        <translation>正在重新训练；完成后会再运行一次</translation>
    </message>
    <message>
        <source>⟳ retraining…</source>
        <translation>⟳ 正在重新训练…</translation>
    </message>
    <message>
        <source>Retraining your model in the background…</source>
        <translation>正在后台重新训练你的模型…</translation>
    </message>
    <message>
        <source>Retraining failed: {message}</source>
        <translation>重新训练失败：{message}</translation>
    </message>
    <message>
        <source>Selecting: move with the arrows, then press a category key (Esc cancels)</source>
        <translation>正在选择：用方向键移动，再按类别键（Esc 取消）</translation>
    </message>
    <message>
        <source>annotator: &lt;b&gt;{name}&lt;/b&gt;</source>
        <translation>标注员：&lt;b&gt;{name}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>document: {decided}/{total} decided</source>
        <translation>本文档：已决定 {decided}/{total}</translation>
    </message>
    <message>
        <source>project: {done}/{total} documents done</source>
        <translation>项目：已完成 {done}/{total} 篇文档</translation>
    </message>
    <message>
        <source> and {more} more (the list marks them)</source>
        <translation>，另有 {more} 篇（见文档列表中的标记）</translation>
    </message>
    <message>
        <source>{count} new suggestion(s) in {documents} document(s) you marked done: {links}</source>
        <translation>您已标记完成的 {documents} 篇文档中新到 {count} 条建议：{links}</translation>
    </message>
    <message>
        <source>✓ saved {time}</source>
        <translation>✓ 已保存 {time}</translation>
    </message>
    <message>
        <source>Comment not saved: the draft is kept, press C to go on with it</source>
        <translation>备注未保存：草稿已保留，按 C 继续编辑</translation>
    </message>
    <message>
        <source>Text size {size} pt</source>
        <translation>文字大小 {size} 磅</translation>
    </message>
    <message>
        <source>⚠ not saved</source>
        <translation>⚠ 未保存</translation>
    </message>
    <message>
        <source>the project refused the change: {error}</source>
        <translation>项目拒绝了此改动：{error}</translation>
    </message>
    <message>
        <source>Not saved: {message}</source>
        <translation>未保存：{message}</translation>
    </message>
    <message>
        <source>⚠ Not saved — {message}</source>
        <translation>⚠ 未保存 — {message}</translation>
    </message>
    <message>
        <source>Model retrained on {documents} document(s) (P/R {precision}/{recall}) — {count} new suggestion(s)</source>
        <translation>模型已基于 {documents} 篇文档重新训练（P/R {precision}/{recall}）— {count} 条新建议</translation>
    </message>
    <message>
        <source>Model retrained on {documents} document(s) — {count} new suggestion(s)</source>
        <translation>模型已基于 {documents} 篇文档重新训练 — {count} 条新建议</translation>
    </message>
    <message>
        <source>Model unchanged: nothing new to learn from</source>
        <translation>模型未变：没有新的内容可学</translation>
    </message>
    <message>
        <source>Nothing to retrain on yet: accept, relabel or add a span first</source>
        <translation>暂无可用于训练的内容：请先接受、改标或添加一个片段</translation>
    </message>
    <message>
        <source>Retraining postponed, the project is busy: {detail} It will be tried again shortly.</source>
        <translation>重新训练已推迟，项目正忙：{detail} 稍后会再试。</translation>
    </message>
    <message>
        <source>version {version}</source>
        <translation>版本 {version}</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <source>α_U</source>
        <translation>α_U</translation>
    </message>
    <message>
        <source>α char</source>
        <translation>α（按字）</translation>
    </message>
    <message>
        <source>Fleiss κ</source>
        <translation>Fleiss κ</translation>
    </message>
    <message>
        <source>Cohen κ</source>
        <translation>Cohen κ</translation>
    </message>
    <message>
        <source>F1 exact</source>
        <translation>F1（精确匹配）</translation>
    </message>
    <message>
        <source>F1 overlap</source>
        <translation>F1（重叠匹配）</translation>
    </message>
    <message>
        <source>Doc</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>金标准</translation>
    </message>
    <message>
        <source>gold: {reason}</source>
        <translation>金标准：{reason}</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>annotator — review and adjudication</source>
        <translation>annotator — 审阅与裁定</translation>
    </message>
    <message>
        <source>reason, in words (optional)</source>
        <translation>理由说明（可选）</translation>
    </message>
    <message>
        <source>&lt;b&gt;J/K&lt;/b&gt; next/previous · &lt;b&gt;1…9&lt;/b&gt; take that annotator&apos;s spans · &lt;b&gt;B&lt;/b&gt; all of them · &lt;b&gt;E&lt;/b&gt; edited span · &lt;b&gt;0&lt;/b&gt; none · &lt;b&gt;A&lt;/b&gt; accept everything all agree on · &lt;b&gt;Ctrl+Z&lt;/b&gt; undo</source>
        <translation>&lt;b&gt;J/K&lt;/b&gt; 下一处/上一处 · &lt;b&gt;1…9&lt;/b&gt; 采用该标注员的片段 · &lt;b&gt;B&lt;/b&gt; 全部采用 · &lt;b&gt;E&lt;/b&gt; 编辑片段 · &lt;b&gt;0&lt;/b&gt; 都不采用 · &lt;b&gt;A&lt;/b&gt; 接受所有人一致的片段 · &lt;b&gt;Ctrl+Z&lt;/b&gt; 撤销</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>理由：</translation>
    </message>
    <message>
        <source>gold: {resolved} of {total} disagreement(s) resolved</source>
        <translation>金标准：{total} 处分歧中已解决 {resolved} 处</translation>
    </message>
    <message>
        <source>Computing agreement…</source>
        <translation>正在计算一致性…</translation>
    </message>
    <message>
        <source>No disagreement.</source>
        <translation>没有分歧。</translation>
    </message>
    <message>
        <source>gold</source>
        <translation>金标准</translation>
    </message>
    <message>
        <source>Spans not shared by every annotator are underlined in red.</source>
        <translation>并非所有标注员共有的片段以红色下划线标出。</translation>
    </message>
    <message>
        <source>Edited span</source>
        <translation>编辑片段</translation>
    </message>
    <message>
        <source>start end label</source>
        <translation>起点 终点 标签</translation>
    </message>
    <message>
        <source>write: start end label</source>
        <translation>请写成：起点 终点 标签</translation>
    </message>
    <message>
        <source>gold: {count} agreed span(s)</source>
        <translation>金标准：{count} 个一致片段</translation>
    </message>
    <message>
        <source>overall</source>
        <translation>总体</translation>
    </message>
    <message>
        <source>Annotators: {names} · documents: {count}</source>
        <translation>标注员：{names} · 文档：{count} 篇</translation>
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
        <source>Found by</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>model · {score}</source>
        <translation>模型 · {score}</translation>
    </message>
    <message>
        <source>{rule} + model {score}</source>
        <translation>{rule} + 模型 {score}</translation>
    </message>
    <message>
        <source>found by: {provenance}</source>
        <translation>来源：{provenance}</translation>
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
    <name>Spans</name>
    <message>
        <source>Dashed box, white tag with a coloured border</source>
        <translation>虚线框，白底彩色边框的标签</translation>
    </message>
    <message>
        <source>an undecided candidate: Enter accepts it, X rejects it</source>
        <translation>待定候选：回车接受，X 拒绝</translation>
    </message>
    <message>
        <source>Solid box with a light fill, tag filled with the category colour</source>
        <translation>实线框，浅色填充，标签以类别颜色填充</translation>
    </message>
    <message>
        <source>a confirmed span (accepted, relabelled or added)</source>
        <translation>已确认的片段（已接受、已改标或已添加）</translation>
    </message>
    <message>
        <source>Grey dotted box, text struck through, grey tag marked ✕</source>
        <translation>灰色点线框，文字加删除线，灰色标签带 ✕</translation>
    </message>
    <message>
        <source>a rejected candidate; a span kept inside it keeps its own look</source>
        <translation>已拒绝的候选；其中保留的片段仍保持自己的样式</translation>
    </message>
    <message>
        <source>Thick box edged in black, its tag taller and edged in black</source>
        <translation>黑边粗框，标签更高并带黑边</translation>
    </message>
    <message>
        <source>the current span: the one the keys act on</source>
        <translation>当前片段：快捷键作用的对象</translation>
    </message>
    <message>
        <source>flagged uncertain (U)</source>
        <translation>已标记为不确定（U）</translation>
    </message>
    <message>
        <source>has a comment (C); hover the span to read it</source>
        <translation>有备注（C）；鼠标悬停可阅读</translation>
    </message>
    <message>
        <source>Nested spans each keep their own box and tag: the enclosing box is taller and reaches further out than the one inside it, and the tags of spans ending together follow each other from the innermost out.</source>
        <translation>嵌套的片段各有自己的方框和标签：外层方框比内层更高、向外延伸更多；在同一处结束的片段，其标签由内向外依次排列。</translation>
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
