<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AddShopDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/add_shop_dialog.py"/>
        <source>Add a shop</source>
        <translation>添加店铺</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/add_shop_dialog.py"/>
        <source>Shop name</source>
        <translation>店铺名称</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/add_shop_dialog.py"/>
        <source>Marketplace</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/add_shop_dialog.py"/>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/add_shop_dialog.py"/>
        <source>Give the shop a name.</source>
        <translation>请填写店铺名称。</translation>
    </message>
</context>
<context>
    <name>AgreementDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/agreement_dialog.py"/>
        <source>Record as agreement</source>
        <translation>记为交易约定</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/agreement_dialog.py"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/agreement_dialog.py"/>
        <source>Terms</source>
        <translation>约定内容</translation>
    </message>
</context>
<context>
    <name>Agreements</name>
    <message>
        <location filename="../../seller_assistant/ui/conversation_model.py"/>
        <source>Delivery date</source>
        <translation>送达日期</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_model.py"/>
        <source>Variant</source>
        <translation>款式规格</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_model.py"/>
        <source>Known flaw disclosed</source>
        <translation>已告知瑕疵</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_model.py"/>
        <source>Compensation</source>
        <translation>补偿</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_model.py"/>
        <source>Other terms</source>
        <translation>其他约定</translation>
    </message>
</context>
<context>
    <name>AlertRow</name>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Time left before the deadline (negative: overdue)</source>
        <translation>距截止时间还剩（负数表示已超时）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Open order</source>
        <translation>打开订单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Propose reply</source>
        <translation>推荐回复</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Ship…</source>
        <translation>发货…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Critical</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Info</source>
        <translation>提示</translation>
    </message>
</context>
<context>
    <name>AnchorController</name>
    <message>
        <location filename="../../seller_assistant/ui/anchor_actions.py"/>
        <source>Head log timestamped by {authority}.</source>
        <translation>链头记录已由 {authority} 加盖时间戳。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/anchor_actions.py"/>
        <source>Timestamp not taken (nothing was stored; tried again tomorrow or at the next start): {problem}</source>
        <translation>未能加盖时间戳（未保存任何内容；明天或下次启动时再试）：{problem}</translation>
    </message>
</context>
<context>
    <name>AnswerDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Mark a work order answered</source>
        <translation>标记工单已回复</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>e.g. ships today before 17:00</source>
        <translation>例如：今天 17:00 前发货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Work order</source>
        <translation>工单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Answered at</source>
        <translation>回复时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Answer</source>
        <translation>回复内容</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../seller_assistant/ui/app.py"/>
        <source>This store is already open in another Seller Assistant window:
{store}</source>
        <translation>这份店铺数据已在另一个 Seller Assistant 窗口中打开：
{store}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/app.py"/>
        <source>Switch to that window</source>
        <translation>切换到那个窗口</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/app.py"/>
        <source>Open read-only</source>
        <translation>以只读方式打开</translation>
    </message>
</context>
<context>
    <name>BackupController</name>
    <message>
        <location filename="../../seller_assistant/ui/backup_actions.py"/>
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/backup_actions.py"/>
        <source>&amp;Restore from backup…</source>
        <translation>从备份恢复(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/backup_actions.py"/>
        <source>Backed up and verified: {path}</source>
        <translation>已备份并校验：{path}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/backup_actions.py"/>
        <source>Today's backup already exists.</source>
        <translation>今天的备份已存在。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/backup_actions.py"/>
        <source>Backup failed</source>
        <translation>备份失败</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/backup_actions.py"/>
        <source>Backup failed: {problem}</source>
        <translation>备份失败：{problem}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/backup_actions.py"/>
        <source>Replace the store with this backup? The store as it is now is backed up first.</source>
        <translation>用这份备份替换当前店铺数据吗？替换前会先备份当前数据。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/backup_actions.py"/>
        <source>Restore failed</source>
        <translation>恢复失败</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/backup_actions.py"/>
        <source>Restore from backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/backup_actions.py"/>
        <source>There are no backups yet.</source>
        <translation>还没有任何备份。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/backup_actions.py"/>
        <source>Restore this backup into an empty database? The shared store in use is never replaced.</source>
        <translation>把这个备份恢复到一个空数据库吗？正在使用的共享数据不会被替换。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/backup_actions.py"/>
        <source>The address of the empty database to restore into, written as when opening a shared store:</source>
        <translation>要恢复到的空数据库的地址（写法与打开共享数据时相同）：</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/backup_actions.py"/>
        <source>Restoring the backup and checking it…</source>
        <translation>正在恢复备份并校验…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/backup_actions.py"/>
        <source>{done} Open the restored store on this desk now?</source>
        <translation>{done} 现在在这台电脑上打开恢复后的数据吗？</translation>
    </message>
</context>
<context>
    <name>BatchExport</name>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Folder for the evidence bundles</source>
        <translation>证据包保存文件夹</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Exporting evidence bundles for open disputes…</source>
        <translation>正在为未结纠纷导出证据包…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Exported {count} evidence bundles for open disputes to {folder}</source>
        <translation>已为未结纠纷导出 {count} 个证据包到 {folder}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>No order has an open dispute; nothing was exported.</source>
        <translation>没有订单存在未结纠纷，未导出任何内容。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Export cancelled.</source>
        <translation>已取消导出。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>Export bundles for all open disputes…</source>
        <translation>为所有未结纠纷导出证据包…</translation>
    </message>
</context>
<context>
    <name>BulkShipDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/bulk_ship_dialog.py"/>
        <source>Bulk ship</source>
        <translation>批量发货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/bulk_ship_dialog.py"/>
        <source>Paste one order per line: order number, tracking number and, if you like, the carrier (copied from Excel or a courier's export), or open a CSV or Excel file.</source>
        <translation>每行一个订单：订单号、运单号，可以再加快递公司（从表格或快递公司的导出里复制），也可以打开 CSV 或 XLSX 表格文件。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/bulk_ship_dialog.py"/>
        <source>Shop</source>
        <translation>店铺</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/bulk_ship_dialog.py"/>
        <source>Carrier for lines without one</source>
        <translation>未写快递公司的行用</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/bulk_ship_dialog.py"/>
        <source>Shipped at</source>
        <translation>发货时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/bulk_ship_dialog.py"/>
        <source>Open a file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/bulk_ship_dialog.py"/>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/bulk_ship_dialog.py"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/bulk_ship_dialog.py"/>
        <source>Tracking number</source>
        <translation>物流单号</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/bulk_ship_dialog.py"/>
        <source>Carrier</source>
        <translation>快递公司</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/bulk_ship_dialog.py"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/bulk_ship_dialog.py"/>
        <source>Ship</source>
        <translation>发货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/bulk_ship_dialog.py"/>
        <source>Open a list of tracking numbers</source>
        <translation>打开运单号清单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/bulk_ship_dialog.py"/>
        <source>Lists (*.csv *.tsv *.txt *.xlsx);;All files (*)</source>
        <translation>清单 (*.csv *.tsv *.txt *.xlsx);;所有文件 (*)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../seller_assistant/ui/bulk_ship_dialog.py"/>
        <source>Ship %n order(s)</source>
        <translation><numerusform>发货 %n 个订单</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../seller_assistant/ui/bulk_ship_dialog.py"/>
        <source>%n line(s) cannot ship (named in red); the others ship, these stay as they are.</source>
        <translation><numerusform>有 %n 行不能发货（红色标出）；其余的发货，这些保持不动。</numerusform></translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/bulk_ship_dialog.py"/>
        <source>Every line is ready to ship.</source>
        <translation>每一行都可以发货。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../seller_assistant/ui/bulk_ship_dialog.py"/>
        <source>Shipped %n order(s).</source>
        <translation><numerusform>已发货 %n 个订单。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../seller_assistant/ui/bulk_ship_dialog.py"/>
        <source>Shipped %n order(s). The lines below did not ship: correct them and ship again.</source>
        <translation><numerusform>已发货 %n 个订单。下面这些行没有发货：改正后再发一次。</numerusform></translation>
    </message>
</context>
<context>
    <name>BuyerConversation</name>
    <message>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>Chats with {buyer} (right-click a message to assign it to an order)</source>
        <translation>与 {buyer} 的聊天（右键单击消息可归到订单）</translation>
    </message>
</context>
<context>
    <name>CalendarEditor</name>
    <message>
        <location filename="../../seller_assistant/ui/calendar_editor.py"/>
        <source>Business calendar</source>
        <translation>营业日历</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/calendar_editor.py"/>
        <source>Holiday (no working-day clock)</source>
        <translation>节假日（工作日时限暂停）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/calendar_editor.py"/>
        <source>Platform pause (every clock stops)</source>
        <translation>平台停发（所有时限暂停）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/calendar_editor.py"/>
        <source>Extra working day</source>
        <translation>调休工作日</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/calendar_editor.py"/>
        <source>Holidays stop promises counted in working days; a pause the platform declared (Spring Festival) stops every deadline clock; an extra working day counts although its weekday does not.</source>
        <translation>节假日暂停按工作日计算的发货承诺；平台宣布的停发期（如春节）暂停所有发货时限；调休工作日即使不在平常的工作日也照常计算。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/calendar_editor.py"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/calendar_editor.py"/>
        <source>First day</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/calendar_editor.py"/>
        <source>Last day</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/calendar_editor.py"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/calendar_editor.py"/>
        <source>e.g. 春节停发</source>
        <translation>例如：春节停发</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/calendar_editor.py"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/calendar_editor.py"/>
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/calendar_editor.py"/>
        <source>Orders whose deadline changed: {count}</source>
        <translation>发货时限有变的订单：{count} 个</translation>
    </message>
</context>
<context>
    <name>ChatsPage</name>
    <message>
        <location filename="../../seller_assistant/ui/pages/__init__.py"/>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>Chat record…</source>
        <translation>聊天记录…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/__init__.py"/>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>Verify evidence…</source>
        <translation>校验证据…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>Import a Qianniu/Wangwang chat export or a time, sender, text CSV</source>
        <translation>导入千牛/旺旺导出的聊天记录，或“时间、发送人、内容”三列的 CSV</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>Import chat record…</source>
        <translation>导入聊天记录…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>Paste chat…</source>
        <translation>粘贴聊天…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>Paste a chat copied from Qianniu or Wangwang</source>
        <translation>粘贴从千牛或旺旺复制的聊天记录</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>Verify evidence</source>
        <translation>校验证据</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>Chats &amp; evidence</source>
        <translation>聊天与证据</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>Not tied to an order</source>
        <translation>未关联订单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>Search above, or pick a message that is not tied to an order, to see its conversation here.</source>
        <translation>在上方搜索，或选择一条未关联订单的消息，即可在这里查看对应的聊天。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>Not tied to an order ({count})</source>
        <translation>未关联订单（{count}）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>{what} (shop {shop})</source>
        <translation>{what}（店铺 {shop}）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>Import chat record</source>
        <translation>导入聊天记录</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>Chat records (*.txt *.csv);;All files (*)</source>
        <translation>聊天记录 (*.txt *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>A message is tied to the order it names or to its buyer's order; the others wait under “Not tied to an order”.</source>
        <translation>消息会关联到其中提到的订单，或该买家的订单；其余消息放在“未关联订单”中等待处理。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>Re-checking every evidence chain…</source>
        <translation>正在重新校验所有证据链…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/chats.py"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>CommitmentDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Promise a new date</source>
        <translation>承诺新的日期</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Ship by</source>
        <translation>发货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Report back by</source>
        <translation>回复进展</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>What was agreed with the buyer</source>
        <translation>与买家约定的内容</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Promise</source>
        <translation>承诺</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Agreed</source>
        <translation>约定内容</translation>
    </message>
</context>
<context>
    <name>Conversation</name>
    <message>
        <location filename="../../seller_assistant/ui/bubble_delegate.py"/>
        <source>Platform: {who}</source>
        <translation>平台：{who}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/bubble_delegate.py"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/bubble_delegate.py"/>
        <source>Agreement ({kind}): {text}</source>
        <translation>交易约定（{kind}）：{text}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_model.py"/>
        <source>Superseded by a correction. Reason: {reason}</source>
        <translation>此消息已被更正消息取代，原因：{reason}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_model.py"/>
        <source>Withdrawn by the shop. Reason: {reason}</source>
        <translation>店铺已撤回此消息，原因：{reason}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_model.py"/>
        <source>Read by the other side</source>
        <translation>对方已读</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_model.py"/>
        <source>Not read by the other side</source>
        <translation>对方未读</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_model.py"/>
        <source>Notice: {notice}</source>
        <translation>提示：{notice}</translation>
    </message>
</context>
<context>
    <name>ConversationActions</name>
    <message>
        <location filename="../../seller_assistant/ui/conversation_actions.py"/>
        <source>Assign to order</source>
        <translation>归到订单</translation>
    </message>
    <message numerus="yes">
        <location filename="../../seller_assistant/ui/conversation_actions.py"/>
        <source>Order number for %n message(s):</source>
        <translation><numerusform>这 %n 条消息所属的订单号：</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../seller_assistant/ui/conversation_actions.py"/>
        <source>%n message(s) assigned to order {order}.</source>
        <translation><numerusform>已将 %n 条消息归到订单 {order}。</numerusform></translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_actions.py"/>
        <source>Message withdrawn; the correction is sealed.</source>
        <translation>消息已撤回，更正记录已封存。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_actions.py"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
</context>
<context>
    <name>ConversationView</name>
    <message>
        <location filename="../../seller_assistant/ui/conversation_view.py"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_view.py"/>
        <source>Set stage</source>
        <translation>设置阶段</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_view.py"/>
        <source>Record as agreement…</source>
        <translation>记为交易约定…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_view.py"/>
        <source>Assign to order…</source>
        <translation>归到订单…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_view.py"/>
        <source>Move to another order…</source>
        <translation>改挂到其他订单…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_view.py"/>
        <source>Withdraw…</source>
        <translation>撤回…</translation>
    </message>
</context>
<context>
    <name>EventDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Add a help event</source>
        <translation>添加求助事件</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Not known</source>
        <translation>不清楚</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>ExportEvidenceDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Export evidence bundle – order {order}</source>
        <translation>导出证据包 – 订单 {order}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Submission to the platform (complete details)</source>
        <translation>提交给平台（信息完整）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Sharing outside the platform (personal data masked)</source>
        <translation>在平台外分享（隐藏个人信息）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Mask the buyer's phone number, address and real name</source>
        <translation>隐藏买家的手机号、地址和真实姓名</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Chat record</source>
        <translation>聊天记录</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Work orders and help events</source>
        <translation>工单与求助事件</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Internal notes</source>
        <translation>内部备注</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Include</source>
        <translation>包含</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Preview: the files in the bundle and the chat as it will read</source>
        <translation>预览：证据包里的文件，以及聊天记录的呈现效果</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Save evidence bundle</source>
        <translation>保存证据包</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>ZIP files (*.zip)</source>
        <translation>ZIP 文件 (*.zip)</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>The chat is left out of this bundle.</source>
        <translation>本证据包不含聊天记录。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>… and {count} more messages in the bundle</source>
        <translation>……证据包中还有 {count} 条消息</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Choose where to save the bundle.</source>
        <translation>请选择证据包的保存位置。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Saved the evidence bundle to {path}</source>
        <translation>证据包已保存到 {path}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Export cancelled; nothing was written.</source>
        <translation>已取消导出，没有写入任何文件。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/export_dialog.py"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>FieldBar</name>
    <message>
        <location filename="../../seller_assistant/ui/template_fields.py"/>
        <source>Insert {field} where the cursor is</source>
        <translation>在光标处插入{field}</translation>
    </message>
</context>
<context>
    <name>HelpRatePage</name>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>shipped {late} late</source>
        <translation>晚发货 {late}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Metric shown in the chart</source>
        <translation>图表显示的指标</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>7 days</source>
        <translation>7 天</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>30 days</source>
        <translation>30 天</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>The rates on each coming day if orders keep coming at the recent daily rate and no new help events arrive: today's bad days stop counting as they age out of the window.</source>
        <translation>假如订单按最近的日均单量继续进来、也没有新的求助事件，未来每天的比率：今天之前的坏日子会随着移出统计周期而不再计入。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Ship by</source>
        <translation>承诺发货时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Shipped</source>
        <translation>发货时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Late by</source>
        <translation>超时多久</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Double-click an order to open it.</source>
        <translation>双击订单即可打开。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Shipped late in the last {days} days</source>
        <translation>近 {days} 天超时发货的订单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Your marketplace's metrics</source>
        <translation>您所在平台的考核指标</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Window</source>
        <translation>周期</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Rate</source>
        <translation>比率</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Limit</source>
        <translation>上限</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Headroom</source>
        <translation>余量</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Tomorrow</source>
        <translation>明天</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>What if</source>
        <translation>假如</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Set limits…</source>
        <translation>设置上限…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Help rate</source>
        <translation>平台求助率</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Events by kind</source>
        <translation>按类型统计事件</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Events by reason</source>
        <translation>按原因统计事件</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Looking ahead</source>
        <translation>未来几天</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Events:</source>
        <translation>事件数：</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>{count} situations are at risk today (late or nearly late orders, urges, refunds, logistics). If this many become help events:</source>
        <translation>今天有 {count} 处风险（超时或即将超时的订单、催发货、退款、物流）。如果其中这么多变成求助事件：</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>{count} situations are at risk today (late or nearly late orders, urges, refunds, logistics). If this many become {bad}:</source>
        <translation>今天有 {count} 处风险（超时或即将超时的订单、催发货、退款、物流）。如果其中这么多变成{bad}：</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>{bad}:</source>
        <translation>{bad}：</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>{metric} — no threshold set: enter your category's average in Settings.</source>
        <translation>{metric}——未设阈值：请在“设置”中填写所在类目的平均值。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>{metric} — threshold {threshold}; the last {days} days, one point a day.</source>
        <translation>{metric}——阈值 {threshold}；近 {days} 天，每天一个点。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>No help events in 30 days</source>
        <translation>30 天内没有求助事件</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>No order shipped late in these {days} days.</source>
        <translation>这 {days} 天里没有超时发货的订单。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>{total} orders shipped late; the latest {listed} are listed.</source>
        <translation>共 {total} 个订单超时发货；列出最近的 {listed} 个。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>%n order(s) shipped late.</source>
        <translation><numerusform>%n 个订单超时发货。</numerusform></translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>If orders keep coming at {per_day} a day and nothing new goes wrong:</source>
        <translation>假如每天继续有 {per_day} 单、没有新的问题：</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>No orders in the last 14 days: if none come, only today's events age out.</source>
        <translation>最近14天没有订单：如果一直没有订单，只会有已有事件逐渐移出统计周期。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>{date} (+{days} days)</source>
        <translation>{date}（+{days} 天）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>{events} events / {orders} orders — {headroom}</source>
        <translation>{events} 次事件 / {orders} 单——{headroom}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>no orders</source>
        <translation>没有订单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Not computed here: {metric} — {why}</source>
        <translation>本软件无法计算：{metric}——{why}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>Tomorrow: if orders keep coming at the recent daily rate. What if: if the {count} situations at risk today go wrong.</source>
        <translation>“明天”：假如订单按最近的日均单量继续进来。“假如”：假如今天的 {count} 个风险情况都出了问题。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/helprate.py"/>
        <source>{window}: {rate} — {headroom}</source>
        <translation>{window}：{rate}——{headroom}</translation>
    </message>
</context>
<context>
    <name>ImportOrdersDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Import orders</source>
        <translation>导入订单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Choose an order export: Taobao/Tmall, JD, Pinduoduo, Douyin, Amazon, eBay, or any CSV, TSV or XLSX.</source>
        <translation>选择导出的订单文件：淘宝/天猫、京东、拼多多、抖店、亚马逊、eBay 的订单导出，或任意 CSV、TSV、XLSX 表格。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Import into the shop:</source>
        <translation>导入到店铺：</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Change columns…</source>
        <translation>更改列对应…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>{field} (required)</source>
        <translation>{field}（必填）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Order exports (*.csv *.tsv *.txt *.xlsx *.xlsm);;All files (*)</source>
        <translation>订单导出文件 (*.csv *.tsv *.txt *.xlsx *.xlsm);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>table with columns</source>
        <translation>带列名的表格</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Encoding: {encoding} · Format: {format} · {columns} columns</source>
        <translation>编码：{encoding} · 格式：{format} · {columns} 列</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>(not in this file)</source>
        <translation>（此文件中没有）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Taobao/Tmall order export</source>
        <translation>淘宝/天猫订单导出</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>JD order export</source>
        <translation>京东订单导出</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Pinduoduo order export</source>
        <translation>拼多多订单导出</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Douyin order export</source>
        <translation>抖店订单导出</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Amazon Unshipped Orders report</source>
        <translation>亚马逊未发货订单报告</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Amazon Order report</source>
        <translation>亚马逊订单报告</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Amazon All Orders report</source>
        <translation>亚马逊所有订单报告</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>eBay Orders report</source>
        <translation>eBay 订单报告</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Choose the column for: {fields}</source>
        <translation>请为以下字段选择列：{fields}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Column {column} is chosen for two fields.</source>
        <translation>列 {column} 被选给了两个字段。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Nothing was imported: {problem}</source>
        <translation>未导入任何内容：{problem}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Import cancelled; nothing was changed.</source>
        <translation>已取消导入，没有任何改动。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_dialog.py"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>IntentCorrection</name>
    <message>
        <location filename="../../seller_assistant/ui/intent_correction.py"/>
        <source>Teach</source>
        <translation>教它</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/intent_correction.py"/>
        <source>Remember that this message means the intent chosen; similar messages are read the same way from now on</source>
        <translation>记住这条消息是所选的意图；以后类似的消息也会这样理解</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/intent_correction.py"/>
        <source>What it learned…</source>
        <translation>它学到了什么…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/intent_correction.py"/>
        <source>Not right? The buyer wants:</source>
        <translation>理解错了？买家其实是：</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/intent_correction.py"/>
        <source>Learning from your correction…</source>
        <translation>正在根据您的纠正学习…</translation>
    </message>
</context>
<context>
    <name>InterruptedImportBar</name>
    <message>
        <location filename="../../seller_assistant/ui/import_runs_banner.py"/>
        <source>Resume import</source>
        <translation>继续导入</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_runs_banner.py"/>
        <source>Undo import</source>
        <translation>撤销导入</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/import_runs_banner.py"/>
        <source>The import of {file} was interrupted after {rows} rows. None of it is shown until it is resumed; undo removes it and leaves everything as before.</source>
        <translation>{file} 的导入在读入 {rows} 行后中断。继续导入之前，其中的内容都不会显示；撤销会删掉这次导入，一切恢复到导入之前。</translation>
    </message>
</context>
<context>
    <name>LearnedDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/intent_correction.py"/>
        <source>What the assistant learned from you</source>
        <translation>助手从您这里学到的</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/intent_correction.py"/>
        <source>Nothing yet: correct an intent in the reply panel and it appears here.</source>
        <translation>还没有：在回复面板里纠正一次意图，就会显示在这里。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/intent_correction.py"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/intent_correction.py"/>
        <source>These examples stay in this shop's data and are never exported.</source>
        <translation>这些例子只保存在本店数据里，不会被导出。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/intent_correction.py"/>
        <source>you corrected it</source>
        <translation>您纠正的</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/intent_correction.py"/>
        <source>you replied to it</source>
        <translation>您回复过的</translation>
    </message>
</context>
<context>
    <name>LimitsDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/limits_dialog.py"/>
        <source>Your limits</source>
        <translation>店铺自己的上限</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/limits_dialog.py"/>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/limits_dialog.py"/>
        <source>Enter the limit your seller centre shows for each metric. Where the platform publishes one, its value is filled in.</source>
        <translation>请按卖家中心显示的数值填写每项指标的上限。平台公布了数值的，已替您填好。</translation>
    </message>
</context>
<context>
    <name>LiveUpdates</name>
    <message>
        <location filename="../../seller_assistant/ui/live_updates.py"/>
        <source>Lost the connection to the shared store's server; trying again. Other desks' changes show once it is back.</source>
        <translation>与共享店铺数据库服务器的连接已断开，正在重试。恢复连接后会显示其他电脑的改动。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/live_updates.py"/>
        <source>Connected to the shared store again: showing the other desks' latest changes.</source>
        <translation>已重新连接共享店铺数据库：正在显示其他电脑的最新改动。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>Demo shop: every order, buyer and chat here is invented. Nothing you do here touches your own shop.</source>
        <translation>演示店铺：这里的订单、买家和聊天都是编造的，在这里的任何操作都不会影响您自己的店铺。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>Back to my shop</source>
        <translation>回到我的店铺</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>&amp;Open store…</source>
        <translation>打开店铺数据(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>Open &amp;shared store…</source>
        <translation>打开共享店铺数据库(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>&amp;Move to a shared store…</source>
        <translation>迁移到共享店铺数据库(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>&amp;Verify evidence bundle…</source>
        <translation>校验证据包(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>&amp;Search chats…</source>
        <translation>搜索聊天(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>&amp;Import orders…</source>
        <translation>导入订单(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>User &amp;guide</source>
        <translation>使用指南(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>&amp;About Seller Assistant</source>
        <translation>关于 Seller Assistant(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>Show &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>Open store</source>
        <translation>打开店铺数据</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>Seller Assistant store (*.db)</source>
        <translation>Seller Assistant 店铺数据 (*.db)</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>Open shared store</source>
        <translation>打开共享店铺数据库</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>Address of the shop's shared store, e.g. {example}
(the password goes in your {pgpass} file, not here):</source>
        <translation>店铺共享数据库的地址，例如 {example}
（密码请写在您的 {pgpass} 文件中，不要写在这里）：</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>About Seller Assistant</source>
        <translation>关于 Seller Assistant</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>{app} {version}

Keeps a small shop's platform help rate down: ship on time or tell the buyer first, answer every urge, keep evidence, never stall a refund.

Your data stays on this computer: {store}</source>
        <translation>{app} {version}

帮小店压低平台求助率：按时发货，发不了就先告知买家；每个催发货都及时回复；留好证据；退款绝不拖延。

您的数据只保存在这台电脑上：{store}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source> (read-only)</source>
        <translation>（只读）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/main_window.py"/>
        <source>[DEMO] </source>
        <translation>【演示】</translation>
    </message>
</context>
<context>
    <name>MoveStoreDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/move_store_dialog.py"/>
        <source>Move to a shared store</source>
        <translation>迁移到共享店铺数据库</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/move_store_dialog.py"/>
        <source>Copies this store ({path}) with its attachments into an empty {postgresql} database, then checks every table, every evidence chain and every attachment there. This store file is only read and stays as it is. If anything fails or you cancel, the database is left empty.</source>
        <translation>把本店铺数据库（{path}）连同附件复制到一个空的 {postgresql} 数据库，然后在那里核对每张表、每条证据链和每个附件。本店铺数据库文件只读取，保持原样。任何一步失败或您取消时，数据库都会保持为空。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/move_store_dialog.py"/>
        <source>Attachment files go into the shared folder {folder}.</source>
        <translation>附件文件将放进共享文件夹 {folder}。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/move_store_dialog.py"/>
        <source>No shared folder is named on this computer ({variable}): a store with attachment files cannot be moved until it is.</source>
        <translation>本电脑没有指定共享文件夹（{variable}）：有附件文件的店铺数据库要先指定共享文件夹才能迁移。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/move_store_dialog.py"/>
        <source>Move</source>
        <translation>迁移</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/move_store_dialog.py"/>
        <source>Open the shared store</source>
        <translation>打开共享店铺数据库</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/move_store_dialog.py"/>
        <source>The empty database's address (its password goes in your {pgpass} file):</source>
        <translation>空数据库的地址（密码写在您的 {pgpass} 文件中）：</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/move_store_dialog.py"/>
        <source>Type the address of the empty database first.</source>
        <translation>请先输入空数据库的地址。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/move_store_dialog.py"/>
        <source>Copying attachment files…</source>
        <translation>正在复制附件文件…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/move_store_dialog.py"/>
        <source>Copying the store's rows…</source>
        <translation>正在复制店铺数据库中的数据…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/move_store_dialog.py"/>
        <source>Building the search indexes on the server…</source>
        <translation>正在服务器上建立搜索索引…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/move_store_dialog.py"/>
        <source>Verifying every evidence chain on the server…</source>
        <translation>正在服务器上核验每条证据链…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/move_store_dialog.py"/>
        <source>Moved and verified: {rows} rows, {chains} evidence chains ({items} items) and {files} attachment files match this store. Every desk can now open {address}.</source>
        <translation>已迁移并核验：{rows} 行数据、{chains} 条证据链（{items} 项）和 {files} 个附件文件都与本店铺数据库一致。现在每台电脑都可以打开 {address}。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/move_store_dialog.py"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/move_store_dialog.py"/>
        <source>Cancelled; nothing was kept.</source>
        <translation>已取消；没有保留任何内容。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/move_store_dialog.py"/>
        <source>Cancelling: undoing what was copied…</source>
        <translation>正在取消：撤销已复制的内容…</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Add a note</source>
        <translation>添加备注</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>{count} orders are late to ship</source>
        <translation>{count} 个订单发货超时</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>{count} orders are due to ship soon</source>
        <translation>{count} 个订单即将到发货期限</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>{count} urges are past their answer deadline</source>
        <translation>{count} 个催发货已超过回复期限</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>{count} urges must be answered soon</source>
        <translation>{count} 个催发货需要尽快回复</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>{count} promises to buyers were missed</source>
        <translation>{count} 个对买家的承诺未兑现</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>{count} promises to buyers are due soon</source>
        <translation>{count} 个对买家的承诺即将到期</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>{count} new risks</source>
        <translation>{count} 个新风险</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>Orders: {orders}</source>
        <translation>订单：{orders}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>{metric}: over the limit</source>
        <translation>{metric}：已超上限</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>{metric}: close to the limit</source>
        <translation>{metric}：接近上限</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>Help rate over the threshold</source>
        <translation>平台求助率已超过阈值</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>Help rate warning</source>
        <translation>平台求助率预警</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>Order late to ship</source>
        <translation>订单发货超时</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>Order {order} is past its ship deadline: ship it now, or contact the buyer first.</source>
        <translation>订单 {order} 已超过承诺发货时间：请立即发货，或先联系买家说明。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>Order due to ship soon</source>
        <translation>订单即将到发货期限</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>Order {order} must ship within {left}.</source>
        <translation>订单 {order} 需在 {left} 内发货。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>Urge past its deadline</source>
        <translation>催发货回复已超时</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>The urge on order {order} is past its answer deadline.</source>
        <translation>订单 {order} 的催发货已超过回复期限。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>Urge to answer</source>
        <translation>待回复的催发货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>Answer the urge on order {order} within {left}.</source>
        <translation>请在 {left} 内回复订单 {order} 的催发货。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>Promise to a buyer missed</source>
        <translation>对买家的承诺未兑现</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>Order {order}: the promise “{promise}” is past due; tell the buyer now.</source>
        <translation>订单 {order}：承诺“{promise}”已过期，请立即告知买家。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>Promise due soon</source>
        <translation>承诺即将到期</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>Order {order}: the promise “{promise}” is due within {left}.</source>
        <translation>订单 {order}：承诺“{promise}”将在 {left} 内到期。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>{window}: {rate} — {headroom}</source>
        <translation>{window}：{rate}——{headroom}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>Good morning: today's risks</source>
        <translation>早上好：今日风险</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/notifier.py"/>
        <source>{late} late, {due_soon} due to ship soon, {urges} urges to answer.</source>
        <translation>{late} 单发货超时，{due_soon} 单即将到发货期限，{urges} 个催发货待回复。</translation>
    </message>
</context>
<context>
    <name>OrderChatWidget</name>
    <message>
        <location filename="../../seller_assistant/ui/chat_view.py"/>
        <source>Paste chat…</source>
        <translation>粘贴聊天…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/chat_view.py"/>
        <source>Add attachment…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/chat_view.py"/>
        <source>Evidence a dispute would want</source>
        <translation>纠纷时需要的证据</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/chat_view.py"/>
        <source>Evidence chain</source>
        <translation>证据链</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/chat_view.py"/>
        <source>Drop screenshots, photos, PDFs or a chat export (.txt, .csv) here to keep them with this order.</source>
        <translation>把截图、照片、PDF 或导出的聊天记录（.txt、.csv）拖到这里，随本订单保存。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/chat_view.py"/>
        <source>Choose an order to see its conversation.</source>
        <translation>选择一个订单，查看它的聊天记录。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/chat_view.py"/>
        <source>Order {order} · buyer {buyer}</source>
        <translation>订单 {order} · 买家 {buyer}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/chat_view.py"/>
        <source>Sealed: {count} items
Head {start}…{end}</source>
        <translation>已封存：{count} 项
链头 {start}…{end}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/chat_view.py"/>
        <source>Nothing sealed yet for this order.</source>
        <translation>本订单还没有封存任何证据。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/chat_view.py"/>
        <source>Messages will be kept with order {order} (buyer {buyer}).</source>
        <translation>消息将随订单 {order} 保存（买家 {buyer}）。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/chat_view.py"/>
        <source>Add attachments to this order</source>
        <translation>为本订单添加附件</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/chat_view.py"/>
        <source>Evidence files (*.png *.jpg *.jpeg *.gif *.webp *.bmp *.pdf);;All files (*)</source>
        <translation>证据文件 (*.png *.jpg *.jpeg *.gif *.webp *.bmp *.pdf);;所有文件 (*)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../seller_assistant/ui/chat_view.py"/>
        <source>%n file(s) kept as evidence for this order.</source>
        <translation><numerusform>已为本订单保存 %n 个证据文件。</numerusform></translation>
    </message>
</context>
<context>
    <name>OrderDetail</name>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Export evidence…</source>
        <translation>导出证据…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Close the order</source>
        <translation>关闭订单详情</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Paid</source>
        <translation>付款</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Ship by</source>
        <translation>承诺发货时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Shipped</source>
        <translation>发货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Receiver</source>
        <translation>收货人</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Buyer's message</source>
        <translation>买家留言</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>What happened</source>
        <translation>发生了什么</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Ship…</source>
        <translation>发货…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Promise a new date…</source>
        <translation>承诺新日期…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Set ship promise…</source>
        <translation>设置承诺发货时间…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Open urge…</source>
        <translation>新建催发货…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Mark urge answered…</source>
        <translation>标记催发货已回复…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Add help event…</source>
        <translation>添加求助事件…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Add note…</source>
        <translation>添加备注…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Refund requested</source>
        <translation>买家申请退款</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Logistics exception</source>
        <translation>物流异常</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>This order is no longer in the store.</source>
        <translation>店铺数据中已没有这个订单。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Order {order}</source>
        <translation>订单 {order}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>(shipped {late} late)</source>
        <translation>（晚发货 {late}）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>(no tracking: {reason})</source>
        <translation>（无运单号：{reason}）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>Shipped by the platform (not the shop's to ship)</source>
        <translation>由平台发货（无需店铺发货）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>stated by the platform</source>
        <translation>平台规定</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>from a shop rule</source>
        <translation>来自店铺规则</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>the shop's default promise</source>
        <translation>店铺默认承诺</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>set by hand</source>
        <translation>手动设置</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>{deadline} · {source}</source>
        <translation>{deadline} · {source}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>{deadline} (late by {late})</source>
        <translation>{deadline}（已超时 {late}）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail.py"/>
        <source>{deadline} ({left} left)</source>
        <translation>{deadline}（还剩 {left}）</translation>
    </message>
</context>
<context>
    <name>OrderDetailActions</name>
    <message>
        <location filename="../../seller_assistant/ui/order_detail_actions.py"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_detail_actions.py"/>
        <source>Opened {opened}, answer by {due}</source>
        <translation>{opened} 创建，请在 {due} 前回复</translation>
    </message>
</context>
<context>
    <name>OrderFields</name>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>Order status</source>
        <translation>订单状态</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>Item title</source>
        <translation>商品标题</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>Category</source>
        <translation>类目</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>Amount paid</source>
        <translation>实付金额</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>Created at</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>Paid at</source>
        <translation>付款时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>Shipped at</source>
        <translation>发货时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>Received (completed) at</source>
        <translation>确认收货（完成）时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>Tracking number</source>
        <translation>物流单号</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>Carrier</source>
        <translation>快递公司</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>Receiver name</source>
        <translation>收货人姓名</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>Receiver phone</source>
        <translation>收货人电话</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>Receiver address</source>
        <translation>收货地址</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>Buyer message</source>
        <translation>买家留言</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>Refund status</source>
        <translation>退款状态</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/importers/orders.py"/>
        <source>Platform ship-by time</source>
        <translation>平台承诺发货时间</translation>
    </message>
</context>
<context>
    <name>OrderTableModel</name>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>Order no.</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>Paid</source>
        <translation>付款时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>Promised ship</source>
        <translation>承诺发货时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>Tracking</source>
        <translation>物流单号</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>Shop</source>
        <translation>店铺</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>Awaiting payment</source>
        <translation>等待付款</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>Awaiting shipment</source>
        <translation>待发货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>Shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>Completed</source>
        <translation>交易成功</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>Closed</source>
        <translation>交易关闭</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>refund requested</source>
        <translation>退款申请中</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>refund agreed</source>
        <translation>已同意退款</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>refund rejected</source>
        <translation>已拒绝退款</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>refund closed</source>
        <translation>退款关闭</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_table_model.py"/>
        <source>logistics exception</source>
        <translation>物流异常</translation>
    </message>
</context>
<context>
    <name>OrderTimeline</name>
    <message>
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>Paid</source>
        <translation>付款</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>Ship promise missed: not shipped yet</source>
        <translation>已超过承诺发货时间：尚未发货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>Ship promise (set by the shop)</source>
        <translation>承诺发货时间（店铺设定）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>Ship promise</source>
        <translation>承诺发货时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>Promised the buyer: {promise} by {due}. {words}</source>
        <translation>已向买家承诺：{due} 前{promise}。{words}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>Promise kept</source>
        <translation>承诺已兑现</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>Promise missed</source>
        <translation>承诺未兑现</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>Urge work order opened; answer by {due}</source>
        <translation>收到催发货工单；请在 {due} 前回复</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>Work order answered: {answer}</source>
        <translation>工单已回复：{answer}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>Work order overdue (not answered)</source>
        <translation>工单超时（未回复）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>Shipped {shipment}</source>
        <translation>已发货 {shipment}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>Help event: {kind} ({reason}) {note}</source>
        <translation>求助事件：{kind}（{reason}）{note}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>Note by {author}: {note}</source>
        <translation>{author} 的备注：{note}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>%n chat message(s) tied to this order and sealed</source>
        <translation><numerusform>%n 条聊天消息归入本订单并封存</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>%n chat message(s) sealed</source>
        <translation><numerusform>封存 %n 条聊天消息</numerusform></translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>Agreement recorded: {text}</source>
        <translation>记录约定：{text}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>Attachment added: {name}</source>
        <translation>添加附件：{name}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>{what} — by {who}</source>
        <translation>{what}（经办：{who}）</translation>
    </message>
</context>
<context>
    <name>OrdersPage</name>
    <message>
        <location filename="../../seller_assistant/ui/pages/__init__.py"/>
        <location filename="../../seller_assistant/ui/pages/orders.py"/>
        <source>&amp;Orders…</source>
        <translation>订单(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/__init__.py"/>
        <location filename="../../seller_assistant/ui/pages/orders.py"/>
        <source>&amp;Bulk ship…</source>
        <translation>批量发货(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/orders.py"/>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/orders.py"/>
        <source>All orders</source>
        <translation>全部订单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/orders.py"/>
        <source>Awaiting shipment</source>
        <translation>待发货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/orders.py"/>
        <source>Late</source>
        <translation>已超时</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/orders.py"/>
        <source>Due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/orders.py"/>
        <source>Shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/orders.py"/>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/orders.py"/>
        <source>With help events</source>
        <translation>有求助事件</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/orders.py"/>
        <source>Search order number, buyer or item</source>
        <translation>搜索订单号、买家或商品</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/orders.py"/>
        <source>Import orders…</source>
        <translation>导入订单…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/orders.py"/>
        <source>Bulk ship…</source>
        <translation>批量发货…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/orders.py"/>
        <source>This column cannot be sorted; sort by order, buyer, paid or deadline.</source>
        <translation>此列不能排序；可按订单号、买家、付款时间或期限排序。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/orders.py"/>
        <source>{count} orders</source>
        <translation>{count} 个订单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/orders.py"/>
        <source>{count}+ orders</source>
        <translation>{count}+ 个订单（其余仍在计数）</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <location filename="../../seller_assistant/ui/pages/__init__.py"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/__init__.py"/>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/__init__.py"/>
        <source>Chats &amp; evidence</source>
        <translation>聊天与证据</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/__init__.py"/>
        <source>Help rate</source>
        <translation>平台求助率</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/__init__.py"/>
        <source>Replies</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/__init__.py"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>PasteChatDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/paste_dialog.py"/>
        <source>Paste chat</source>
        <translation>粘贴聊天</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/paste_dialog.py"/>
        <source>In Qianniu, open the chat record, select the messages and copy them; then click in the box below and press Ctrl+V. Nothing is kept until you seal it.</source>
        <translation>在千牛中打开聊天记录，选中消息并复制，然后点一下下面的输入框，按 Ctrl+V 粘贴。在您确认封存之前，什么都不会保存。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/paste_dialog.py"/>
        <source>Paste the chat record here</source>
        <translation>把聊天记录粘贴到这里</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/paste_dialog.py"/>
        <source>Messages found in the paste</source>
        <translation>粘贴内容中的消息</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/paste_dialog.py"/>
        <source>Paste from clipboard</source>
        <translation>从剪贴板粘贴</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/paste_dialog.py"/>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/paste_dialog.py"/>
        <source>Reading the pasted messages…</source>
        <translation>正在读取粘贴的消息…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/paste_dialog.py"/>
        <source>Nothing pasted yet.</source>
        <translation>还没有粘贴内容。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/paste_dialog.py"/>
        <source>{new} new, {stored} already stored, {repeated} repeated in the paste. Only the new ones will be sealed.</source>
        <translation>新消息 {new} 条，已保存过 {stored} 条，粘贴中重复 {repeated} 条。只有新消息会被封存。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/paste_dialog.py"/>
        <source>new</source>
        <translation>新</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/paste_dialog.py"/>
        <source>already stored</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/paste_dialog.py"/>
        <source>repeated</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/paste_dialog.py"/>
        <source>Seal {count} new messages (permanent)</source>
        <translation>封存 {count} 条新消息（永久保存）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/paste_dialog.py"/>
        <source>Sealed</source>
        <translation>已封存</translation>
    </message>
</context>
<context>
    <name>PromiseOverrideDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Set the ship promise</source>
        <translation>设置承诺发货时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Ship by</source>
        <translation>最晚发货时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Use the default</source>
        <translation>使用默认值</translation>
    </message>
</context>
<context>
    <name>QWidget</name>
    <message>
        <location filename="../../seller_assistant/ui/attachment_viewer.py"/>
        <source>Attachment missing</source>
        <translation>附件缺失</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/attachment_viewer.py"/>
        <source>The file for {name} is missing from the attachment folder:
{path}</source>
        <translation>附件文件夹中找不到 {name} 的文件：
{path}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/chat_view.py"/>
        <source>Pre-sale chat</source>
        <translation>售前聊天</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/chat_view.py"/>
        <source>Agreement with the buyer</source>
        <translation>与买家的交易约定</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/chat_view.py"/>
        <source>Shipping proof with tracking number</source>
        <translation>带物流单号的发货凭证</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/chat_view.py"/>
        <source>Delivery / receipt chat</source>
        <translation>送达 / 签收聊天</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/chat_view.py"/>
        <source>After-sale chat</source>
        <translation>售后聊天</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>ship</source>
        <translation>发货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>report back</source>
        <translation>回复进展</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_timeline.py"/>
        <source>other</source>
        <translation>其他事项</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/paste_dialog.py"/>
        <source>Read {messages} messages: {new} new, {stored} already stored; {linked} tied to orders, {unlinked} left to assign.</source>
        <translation>读取 {messages} 条消息：新增 {new} 条，已有 {stored} 条；{linked} 条已关联订单，{unlinked} 条待归类。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/paste_dialog.py"/>
        <source>Importing {file} as the shop's chat history, in one go: other changes wait until it is done…</source>
        <translation>正在将 {file} 作为店铺的聊天历史一次性导入：其他修改需等待导入完成…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/paste_dialog.py"/>
        <source>Importing {file}…</source>
        <translation>正在导入 {file}…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/paste_dialog.py"/>
        <source>{count} lines could not be read, e.g. line {line}: {problem}</source>
        <translation>{count} 行无法读取，例如第 {line} 行：{problem}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/tray.py"/>
        <source>Show Seller Assistant</source>
        <translation>显示 Seller Assistant</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/tray.py"/>
        <source>Today's risks</source>
        <translation>今日风险</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/tray.py"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/tray.py"/>
        <source>{late} late, {due_soon} due soon, {urges} urges</source>
        <translation>{late} 单超时，{due_soon} 单即将到期，{urges} 个催发货</translation>
    </message>
</context>
<context>
    <name>RateChart</name>
    <message>
        <location filename="../../seller_assistant/ui/rate_chart.py"/>
        <source>Help rate trend chart</source>
        <translation>平台求助率趋势图</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rate_chart.py"/>
        <source>No figures to draw yet.</source>
        <translation>暂无可绘制的数据。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rate_chart.py"/>
        <source>7-day rate</source>
        <translation>7 天比率</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rate_chart.py"/>
        <source>30-day rate</source>
        <translation>30 天比率</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rate_chart.py"/>
        <source>{days}-day rate</source>
        <translation>{days} 天比率</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rate_chart.py"/>
        <source>Threshold {rate}</source>
        <translation>阈值 {rate}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rate_chart.py"/>
        <source>No threshold set</source>
        <translation>未设阈值</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rate_chart.py"/>
        <source>7 days: {rate} ({events} events / {orders} orders)</source>
        <translation>7 天：{rate}（{events} 次事件 / {orders} 单）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rate_chart.py"/>
        <source>30 days: {rate} ({events} events / {orders} orders)</source>
        <translation>30 天：{rate}（{events} 次事件 / {orders} 单）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rate_chart.py"/>
        <source>{days} days: {rate} ({count} of {total})</source>
        <translation>{days} 天：{rate}（{count} / {total}）</translation>
    </message>
</context>
<context>
    <name>RepliesPage</name>
    <message>
        <location filename="../../seller_assistant/ui/pages/replies.py"/>
        <source>Order number, then Enter</source>
        <translation>输入订单号后按回车</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/replies.py"/>
        <source>Orders to answer now</source>
        <translation>现在需要回复的订单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/replies.py"/>
        <source>Reply without an order</source>
        <translation>不关联订单直接回复</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/replies.py"/>
        <source>My templates…</source>
        <translation>我的模板…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/replies.py"/>
        <source>What it learned…</source>
        <translation>它学到了什么…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/replies.py"/>
        <source>Replies</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/replies.py"/>
        <source>No order needs an answer right now.</source>
        <translation>目前没有需要回复的订单。</translation>
    </message>
</context>
<context>
    <name>ReplyFactsForm</name>
    <message>
        <location filename="../../seller_assistant/ui/reply_facts_form.py"/>
        <source>Reason for the delay:</source>
        <translation>延迟原因：</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_facts_form.py"/>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_facts_form.py"/>
        <source>Out of stock</source>
        <translation>缺货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_facts_form.py"/>
        <source>Waiting for the supplier</source>
        <translation>等供应商到货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_facts_form.py"/>
        <source>Courier pickup delayed</source>
        <translation>快递揽收延误</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_facts_form.py"/>
        <source>Made to order</source>
        <translation>定制商品，需要制作时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_facts_form.py"/>
        <source>Other (type it)…</source>
        <translation>其他（自己填写）…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_facts_form.py"/>
        <source>The reason, as the buyer should read it</source>
        <translation>填写原因（买家会看到这句话）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_facts_form.py"/>
        <source>Ship by:</source>
        <translation>最晚发货时间：</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_facts_form.py"/>
        <source>Report back by:</source>
        <translation>最晚答复时间：</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_facts_form.py"/>
        <source>As promised: {time}</source>
        <translation>已答应买家：{time}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_facts_form.py"/>
        <source>Pick a date and time…</source>
        <translation>选择日期和时间…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_facts_form.py"/>
        <source>Today {time}</source>
        <translation>今天 {time}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_facts_form.py"/>
        <source>Tomorrow {time}</source>
        <translation>明天 {time}</translation>
    </message>
</context>
<context>
    <name>ReplyPanel</name>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>Pick a buyer message from the order's chat</source>
        <translation>从订单聊天中选择一条买家消息</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>Paste the buyer's message here…</source>
        <translation>把买家的消息粘贴到这里…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>Choose a reply above, then edit it here before sending.</source>
        <translation>在上方选择一条回复，发送前可在这里修改。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>Copy &amp;&amp; log</source>
        <translation>复制并记录</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>Copy the reply and keep it in the order's evidence; a date it promises becomes a commitment</source>
        <translation>复制回复并存入订单证据；其中承诺的日期会记为一项承诺</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>Logged replies become permanent evidence on this order and cannot be changed. Log exactly this text?</source>
        <translation>记录后，这条回复会作为本订单的永久证据保存，不能再修改。就按现在的文字记录吗？</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>Log it</source>
        <translation>确认记录</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>Reply in:</source>
        <translation>回复语言：</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>Order {order} · {buyer} · {item}</source>
        <translation>订单 {order} · {buyer} · {item}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>No order chosen: replies use no order facts.</source>
        <translation>未选择订单：回复不会引用订单信息。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>Pick a message from the chat…</source>
        <translation>从聊天中选择一条消息…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>No buyer message: replies follow the order's situation.</source>
        <translation>没有买家消息：回复按订单情况给出。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>Buyer wants: {intent} ({percent} % sure)</source>
        <translation>买家意图：{intent}（把握 {percent}%）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>no known words</source>
        <translation>没有识别到关键词</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>Because of: {words}</source>
        <translation>依据：{words}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>Order situation: {situation}</source>
        <translation>订单情况：{situation}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>Next: {actions}</source>
        <translation>下一步：{actions}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>Still to fill in: {facts}. Choose above to copy or log the reply.</source>
        <translation>还缺：{facts}。在上面选好后才能复制或记录。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>Reply copied: paste it into the chat.</source>
        <translation>回复已复制：请粘贴到聊天窗口。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/reply_panel.py"/>
        <source>Reply copied and kept in the order's evidence.</source>
        <translation>回复已复制，并已存入订单证据。</translation>
    </message>
</context>
<context>
    <name>RiskWords</name>
    <message>
        <location filename="../../seller_assistant/ui/risk_words.py"/>
        <source>Dispute</source>
        <translation>纠纷</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/risk_words.py"/>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/risk_words.py"/>
        <source>Platform intervention</source>
        <translation>咨询介入</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/risk_words.py"/>
        <source>Work order timeout</source>
        <translation>工单超时</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/risk_words.py"/>
        <source>Negative feedback</source>
        <translation>差评</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/risk_words.py"/>
        <source>A-to-z claim</source>
        <translation>A-to-z 索赔</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/risk_words.py"/>
        <source>Chargeback</source>
        <translation>信用卡拒付</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/risk_words.py"/>
        <source>Seller cancellation</source>
        <translation>卖家取消订单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/risk_words.py"/>
        <source>Case closed without seller resolution</source>
        <translation>卖家未解决即结案</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/risk_words.py"/>
        <source>Late shipment</source>
        <translation>延迟发货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/risk_words.py"/>
        <source>Quality</source>
        <translation>质量问题</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/risk_words.py"/>
        <source>Not as described</source>
        <translation>描述不符</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/risk_words.py"/>
        <source>Logistics</source>
        <translation>物流问题</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/risk_words.py"/>
        <source>Refund</source>
        <translation>退款问题</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/risk_words.py"/>
        <source>Shipping</source>
        <translation>发货问题</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/risk_words.py"/>
        <source>Service</source>
        <translation>服务问题</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/risk_words.py"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/risk_words.py"/>
        <source>Not given</source>
        <translation>未注明</translation>
    </message>
</context>
<context>
    <name>RulesEditor</name>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>Ship promise rules</source>
        <translation>发货承诺规则</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>The first rule that is on and matches an order sets its deadline; the platform's own deadline in its export always wins. The examples are off until you turn them on.</source>
        <translation>第一条已启用且匹配订单的规则决定其发货时限；平台导出文件中的承诺发货时间始终优先。示例规则默认不启用，需要您自己打开。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>For orders</source>
        <translation>适用订单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>Promise</source>
        <translation>承诺</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>Edit as text…</source>
        <translation>以文本编辑…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>Preview changes</source>
        <translation>预览变化</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>Save rules</source>
        <translation>保存规则</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>title has {words}</source>
        <translation>标题含 {words}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>SKU starts {prefixes}</source>
        <translation>商家编码以 {prefixes} 开头</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>category {categories}</source>
        <translation>类目 {categories}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>by {time}</source>
        <translation>{time} 前</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>{days} working days</source>
        <translation>{days} 个工作日</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>{hours} h after payment</source>
        <translation>付款后 {hours} 小时</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>One {table} table per rule: {names}, which orders ({matches}), and one promise ({promise}); {enabled} to use it.</source>
        <translation>每条规则一个 {table} 表：{names}，适用哪些订单（{matches}），以及一种承诺（{promise}）；{enabled} 表示启用。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>No order's deadline would change.</source>
        <translation>没有订单的发货时限会改变。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>Orders whose deadline would change: {count}</source>
        <translation>发货时限会改变的订单：{count} 个</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>Rule {rule}, orders: {count}</source>
        <translation>规则 {rule}，订单：{count} 个</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/rules_editor.py"/>
        <source>Rules saved; orders whose deadline changed: {count}</source>
        <translation>规则已保存；发货时限有变的订单：{count} 个</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../../seller_assistant/ui/search_panel.py"/>
        <source>Search every chat (Chinese or English)…</source>
        <translation>搜索全部聊天（中文或英文）…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/search_panel.py"/>
        <source>any order</source>
        <translation>任意订单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/search_panel.py"/>
        <source>any buyer</source>
        <translation>任意买家</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/search_panel.py"/>
        <source>any stage</source>
        <translation>任意阶段</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/search_panel.py"/>
        <source>anyone</source>
        <translation>任何人</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/search_panel.py"/>
        <source>from</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/search_panel.py"/>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/search_panel.py"/>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/search_panel.py"/>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/search_panel.py"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/search_panel.py"/>
        <source>Staff member</source>
        <translation>客服</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/search_panel.py"/>
        <source>Dates</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/search_panel.py"/>
        <source>Type at least 2 characters to search (“{query}” is one).</source>
        <translation>请至少输入 2 个字再搜索（“{query}”只有 1 个字）。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/search_panel.py"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../seller_assistant/ui/search_panel.py"/>
        <source>%n message(s) found so far…</source>
        <translation><numerusform>已找到 %n 条消息，继续查找中…</numerusform></translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/search_panel.py"/>
        <source>The newest messages. Type a phrase to search every chat.</source>
        <translation>最新的消息。输入词句可搜索全部聊天。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../seller_assistant/ui/search_panel.py"/>
        <source>%n message(s) found.</source>
        <translation><numerusform>找到 %n 条消息。</numerusform></translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/search_panel.py"/>
        <source>Showing the newest {count} matches; add a filter or a longer phrase to see others.</source>
        <translation>仅显示最新的 {count} 条结果；添加筛选条件或输入更长的词句可查看其他结果。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Add shop…</source>
        <translation>添加店铺…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Shop name</source>
        <translation>店铺名称</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Marketplace</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Default ship promise</source>
        <translation>默认承诺发货时长</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>not used (the hours apply)</source>
        <translation>不使用（按小时计算）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source> working days</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Amazon/eBay handling time: the order ships by the end of this working day after payment.</source>
        <translation>亚马逊/易贝的备货时间：订单须在付款后第几个工作日结束前发货。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Or ship within</source>
        <translation>或在此期限内发货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Working days</source>
        <translation>工作日</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Paid after</source>
        <translation>付款晚于</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>counts from the next working day</source>
        <translation>的订单从下一个工作日起算</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Cut-off time</source>
        <translation>截单时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Your main category's average help rate, as shown in your seller centre. 0 = not set.</source>
        <translation>您主营类目的平均求助率，见卖家中心。0 表示未设置。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Help-rate threshold</source>
        <translation>求助率阈值</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source> events</source>
        <translation> 次</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Warn when headroom is at most</source>
        <translation>余量不超过此值时预警</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Warn before a ship deadline</source>
        <translation>发货截止前提前预警</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Warn before a work order's deadline</source>
        <translation>工单截止前提前预警</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Warn before a promised date</source>
        <translation>承诺日期前提前预警</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Your name in chats</source>
        <translation>您在聊天中的名字</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Morning summary at</source>
        <translation>早间汇总时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Keep running in the tray when the window is closed</source>
        <translation>关闭窗口后继续在托盘中运行</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Timestamp the evidence once a day (the app's only network use)</source>
        <translation>每天为证据加盖一次时间戳（本软件唯一的联网用途）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Evidence timestamp</source>
        <translation>证据时间戳</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Timestamp authority</source>
        <translation>时间戳机构</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>What leaves this computer: one SHA-256 hash of the head log (the newest entry's hash), nothing else, sent to the timestamp authority above. Its signed answer proves the evidence existed then and was not recomputed since. Off by default.</source>
        <translation>离开这台电脑的只有：链头记录的一个 SHA-256 哈希值（最新一条的哈希），别无其他，发送给上面的时间戳机构。它签名的回执证明证据在那时已经存在，且此后没有被重新计算。默认关闭。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Store: {store}</source>
        <translation>店铺数据：{store}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>This store already has a shop named '{shop}'.</source>
        <translation>已经有一个名为“{shop}”的店铺。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Settings not saved</source>
        <translation>设置未保存</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/settings.py"/>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
</context>
<context>
    <name>SharedStoreSetup</name>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>Shared store (several desks)</source>
        <translation>共享店铺数据（多台电脑）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>Who works at this desk is recorded with everything they seal and do. It is kept on this computer, so each desk of a shared store names its own person; when it is empty, the shop's “Your name in chats” is used.</source>
        <translation>这台电脑前是谁在操作，会和他封存的证据、做的每个操作一起记录。这个名字只保存在本机，所以共享店铺的每台电脑各记各的人；留空时使用店铺设置里的“您在聊天中的名字”。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>Save name</source>
        <translation>保存名字</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>Who works at this desk</source>
        <translation>本机操作人</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>A shop with several computers keeps its store in a PostgreSQL database on one PC or a NAS (see the README: {section}). Enter where it is, check the connection, then use it.</source>
        <translation>有多台电脑的店铺，把店铺数据放在一台电脑或 NAS 上的 PostgreSQL 数据库里（见 README 的“{section}”一节）。填写它在哪里，检查连接，然后使用它。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>the server's name or address, e.g. {name} or {ip}</source>
        <translation>服务器的名称或地址，例如 {name} 或 {ip}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>empty: the one kept in {pgpass} or the keyring</source>
        <translation>留空：使用 {pgpass} 或系统钥匙串中保存的密码</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>Check connection</source>
        <translation>检查连接</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>Use this store</source>
        <translation>使用这份数据</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>This desk now records its work as {name}.</source>
        <translation>本机的操作现在记录为 {name}。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>This desk has no name of its own now: the shop's staff name is recorded.</source>
        <translation>本机现在没有自己的操作人：记录店铺设置的客服名字。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>the server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>the database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>the user</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>Enter {missing} first.</source>
        <translation>请先填写：{missing}。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>The port is a number, e.g. 5432.</source>
        <translation>端口是一个数字，例如 5432。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>Checking the connection…</source>
        <translation>正在检查连接…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>Connected to {address}: the shop's store is there (shops: {shops}) and {user} may work in it. Press “Use this store”.</source>
        <translation>已连接到 {address}：店铺数据在那里（店铺数：{shops}），{user} 可以在其中工作。请点“使用这份数据”。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>Connected to {address}, but the database holds no store yet. Move this shop's store into it first ({command}), then use it.</source>
        <translation>已连接到 {address}，但数据库里还没有店铺数据。请先把本店的数据迁入（{command}），再使用它。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>The server {address} cannot be reached. Is the PC or NAS on, PostgreSQL running, the server's name and port right, and does its firewall let this computer in?</source>
        <translation>连不上服务器 {address}。请检查：那台电脑或 NAS 是否开机、PostgreSQL 是否在运行、服务器名称和端口是否正确、防火墙是否允许本机连接？</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>The server asks for the password of {user}, and none was given: type it in the Password field (it will be kept in this computer's keyring or {pgpass}, never in the settings).</source>
        <translation>服务器要求输入 {user} 的密码，但没有提供：请在“密码”栏填写（它会保存在本机的系统钥匙串或 {pgpass} 中，绝不写进设置）。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>The server refused the password for {user}. Check the password (and Caps Lock).</source>
        <translation>服务器拒绝了 {user} 的密码。请检查密码（以及大写锁定键）。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>The server has no user {user}. Check the name, or ask whoever set up the server to create it (README: {section}).</source>
        <translation>服务器上没有用户 {user}。请检查名字，或请架设服务器的人创建它（见 README 的“{section}”一节）。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>The server does not let {user} in from this computer. Whoever set up the server adds this network to its {hba} (README: {section}).</source>
        <translation>服务器不允许 {user} 从本机登录。请架设服务器的人把本机所在网络加入 {hba}（见 README 的“{section}”一节）。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>The server has no database {database}. Check its name, or create it as the README says ({section}).</source>
        <translation>服务器上没有数据库 {database}。请检查名称，或按 README 的说明创建它（README 的“{section}”一节）。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>The database {database} already holds {count} tables that are not a Seller Assistant store ({tables}). Use an empty database of its own for the shop.</source>
        <translation>数据库 {database} 里已有 {count} 张不属于 Seller Assistant 的表（{tables}）。请给店铺单独用一个空数据库。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>The store in {database} is from an older Seller Assistant (schema {version}, this app has {latest}). Whoever owns it must open it once with this version to upgrade it; then every desk can use it.</source>
        <translation>{database} 里的店铺数据来自较旧的 Seller Assistant（结构版本 {version}，本程序为 {latest}）。需要由它的所有者用本版本打开一次来升级，之后每台电脑都能使用。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>The store in {database} is from an older Seller Assistant (schema {version}, this app has {latest}). You own it: using it upgrades it for every desk (update the other desks' app too).</source>
        <translation>{database} 里的店铺数据来自较旧的 Seller Assistant（结构版本 {version}，本程序为 {latest}）。您是它的所有者：使用它就会为所有电脑升级（其他电脑上的程序也请一并更新）。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>The store in {database} was written by a newer Seller Assistant (schema {version}, this app knows {latest}). Update the app on this computer first.</source>
        <translation>{database} 里的店铺数据由较新的 Seller Assistant 写入（结构版本 {version}，本程序只认识 {latest}）。请先更新本机上的程序。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>{user} may not read and write the store's tables. Whoever set up the server makes {user} a member of {desk_role} ({grant}).</source>
        <translation>{user} 没有读写店铺数据表的权限。请架设服务器的人把 {user} 加入 {desk_role}（{grant}）。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>The database {database} is empty, and {user} may not create the store's tables in it. Move the store in as the database's owner (README: {section}).</source>
        <translation>数据库 {database} 是空的，而 {user} 没有在其中建表的权限。请以数据库所有者的身份迁入店铺数据（见 README 的“{section}”一节）。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>The server runs PostgreSQL {server}; Seller Assistant needs PostgreSQL {needed} or newer.</source>
        <translation>服务器运行的是 PostgreSQL {server}；Seller Assistant 需要 PostgreSQL {needed} 或更新版本。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/shared_store_setup.py"/>
        <source>Enter the server, the database and the user (no password in them).</source>
        <translation>请填写服务器、数据库和用户（其中不要包含密码）。</translation>
    </message>
</context>
<context>
    <name>ShipDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>e.g. 中通快递</source>
        <translation>例如：中通快递</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Mark shipped</source>
        <translation>标记为已发货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Shipped at</source>
        <translation>发货时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Tracking number</source>
        <translation>物流单号</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Carrier</source>
        <translation>快递公司</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>No tracking number (self-delivery, virtual goods)</source>
        <translation>没有运单号（自送、虚拟商品）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>why, e.g. 同城自送</source>
        <translation>原因，例如 同城自送</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>No tracking number: the platform counts a shipment without one against the shop.</source>
        <translation>没有填写运单号：平台会把没有运单号的发货算作店铺的问题。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>This does not look like a {carrier} tracking number: check it against the label.</source>
        <translation>这看起来不像{carrier}的运单号：请对照面单核对。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>The check digit of this {carrier} number does not match: a character is probably mistyped.</source>
        <translation>这个{carrier}运单号的校验位对不上：可能有一位输错了。</translation>
    </message>
</context>
<context>
    <name>ShopFilter</name>
    <message>
        <location filename="../../seller_assistant/ui/shop_filter.py"/>
        <source>All shops</source>
        <translation>全部店铺</translation>
    </message>
</context>
<context>
    <name>Stages</name>
    <message>
        <location filename="../../seller_assistant/ui/conversation_model.py"/>
        <source>Pre-sale</source>
        <translation>售前</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_model.py"/>
        <source>Transaction</source>
        <translation>售中</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_model.py"/>
        <source>Shipping</source>
        <translation>发货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_model.py"/>
        <source>After-sale</source>
        <translation>售后</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/conversation_model.py"/>
        <source>Stage not set</source>
        <translation>未分阶段</translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <location filename="../../seller_assistant/ui/template_editor.py"/>
        <source>My reply templates</source>
        <translation>我的回复模板</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/template_editor.py"/>
        <source>New, empty</source>
        <translation>新建空白模板</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/template_editor.py"/>
        <source>Copy of {template}</source>
        <translation>复制：{template}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/template_editor.py"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/template_editor.py"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/template_editor.py"/>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/template_editor.py"/>
        <source>Habit</source>
        <translation>应对风格</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/template_editor.py"/>
        <source>Order state</source>
        <translation>订单状态</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/template_editor.py"/>
        <source>Situations</source>
        <translation>适用情况</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/template_editor.py"/>
        <source>Intents</source>
        <translation>买家意图</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/template_editor.py"/>
        <source>Next actions</source>
        <translation>后续动作</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/template_editor.py"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/template_editor.py"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/template_editor.py"/>
        <source>Insert a field</source>
        <translation>插入字段</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/template_editor.py"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/template_editor.py"/>
        <source>(no id)</source>
        <translation>（无编号）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/template_editor.py"/>
        <source>Templates saved to {path}</source>
        <translation>模板已保存到 {path}</translation>
    </message>
</context>
<context>
    <name>TemplatePreview</name>
    <message>
        <location filename="../../seller_assistant/ui/template_fields.py"/>
        <source>No orders yet: the preview uses no order facts</source>
        <translation>还没有订单：预览不带订单信息</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/template_fields.py"/>
        <source>Preview on order:</source>
        <translation>用这个订单预览：</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/template_fields.py"/>
        <source>A { or } on its own cannot be filled in: remove it, and insert fields with the buttons.</source>
        <translation>单独的 { 或 } 无法填写：请删掉它，字段请用下面的按钮插入。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/template_fields.py"/>
        <source>Unknown field {field}: insert fields with the buttons.</source>
        <translation>不认识的字段 {field}：请用按钮插入字段。</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <location filename="../../seller_assistant/ui/pages/__init__.py"/>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/__init__.py"/>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Working out today's risks…</source>
        <translation>正在计算今日风险…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>What needs you today, most urgent first</source>
        <translation>今天需要处理的事，最急的在前</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Help rates are counted per shop, each against its own marketplace's rules: choose a shop above to see its gauges.</source>
        <translation>求助率按店铺分别计算，各按其平台的规则：在上方选择一个店铺即可查看它的仪表。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Late to ship</source>
        <translation>发货超时</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Due to ship soon</source>
        <translation>即将到发货期限</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Urges to answer</source>
        <translation>待回复催发货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Promises due or missed</source>
        <translation>到期或未兑现的承诺</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Open refund requests</source>
        <translation>未处理的退款申请</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Logistics exceptions</source>
        <translation>物流异常</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Days without a…</source>
        <translation>连续无此类事件的天数</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Days since the last help event of each kind</source>
        <translation>距各类求助事件上次发生的天数</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Could not work out today's risks: {problem}</source>
        <translation>无法计算今日风险：{problem}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>As of {time}</source>
        <translation>截至 {time}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Not computed here — see your seller centre: {items}</source>
        <translation>本软件无法计算，请到卖家中心查看：{items}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>{metric}, {window}</source>
        <translation>{metric}，{window}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>none on record</source>
        <translation>从未发生</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Nothing needs you right now: no late orders, no urges waiting.</source>
        <translation>目前没有需要处理的事：没有超时订单，也没有待回复的催发货。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>… and {count} more: see the Orders page.</source>
        <translation>……还有 {count} 项：请查看“订单”页面。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/pages/today.py"/>
        <source>Marked shipped.</source>
        <translation>已标记为已发货。</translation>
    </message>
</context>
<context>
    <name>UnlinkedPanel</name>
    <message>
        <location filename="../../seller_assistant/ui/unlinked_panel.py"/>
        <source>These messages mention no order number and could not be matched by buyer and time. Select them and assign them to the order they are about.</source>
        <translation>这些消息没有提到订单号，也无法按买家和时间匹配。请选中它们，归到对应的订单。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/unlinked_panel.py"/>
        <source>Assign to order…</source>
        <translation>归到订单…</translation>
    </message>
</context>
<context>
    <name>UserGuideDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/user_guide.py"/>
        <source>User guide</source>
        <translation>使用指南</translation>
    </message>
</context>
<context>
    <name>VerifyBundleDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/verify_bundle_dialog.py"/>
        <source>Verify evidence bundle</source>
        <translation>校验证据包</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/verify_bundle_dialog.py"/>
        <source>The bundle's .zip file</source>
        <translation>证据包 .zip 文件</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/verify_bundle_dialog.py"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/verify_bundle_dialog.py"/>
        <source>Verify</source>
        <translation>校验</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/verify_bundle_dialog.py"/>
        <source>Re-hashes every file of a bundle and re-checks its evidence chain. Nothing is extracted.</source>
        <translation>重新计算证据包内每个文件的哈希并核对其证据链，不会解压任何文件。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/verify_bundle_dialog.py"/>
        <source>ZIP files (*.zip)</source>
        <translation>ZIP 文件 (*.zip)</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/verify_bundle_dialog.py"/>
        <source>Choose the bundle to verify.</source>
        <translation>请选择要校验的证据包。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/verify_bundle_dialog.py"/>
        <source>Verifying…</source>
        <translation>正在校验…</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/verify_bundle_dialog.py"/>
        <source>Intact: every file and the evidence chain check out.</source>
        <translation>完好：所有文件与证据链均核对一致。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/verify_bundle_dialog.py"/>
        <source>Altered: see what differs above.</source>
        <translation>已被改动：不一致之处见上方。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/verify_bundle_dialog.py"/>
        <source>This file cannot be verified as a bundle.</source>
        <translation>此文件无法作为证据包校验。</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Taobao</source>
        <translation>淘宝</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Tmall</source>
        <translation>天猫</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>JD.com</source>
        <translation>京东</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Pinduoduo</source>
        <translation>拼多多</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Douyin shop</source>
        <translation>抖店</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Amazon</source>
        <translation>亚马逊</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>eBay</source>
        <translation>eBay</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Other marketplace</source>
        <translation>其他平台</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Welcome to Seller Assistant</source>
        <translation>欢迎使用 Seller Assistant</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Welcome! This store has no shop yet.</source>
        <translation>欢迎！这里还没有店铺。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Try the demo to see how the app warns about late orders, urges and the help rate: it opens a separate demo store with invented orders, and one click brings you back. Or set up your own shop and import your orders.</source>
        <translation>可以先看看演示店铺，了解软件怎样提醒超时订单、催发货和求助率：演示店铺用的是单独的数据文件和编造的订单，一键就能回来。也可以直接开设您自己的店铺并导入订单。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Your shop's data will be kept in {folder}</source>
        <translation>您店铺的数据将保存在 {folder}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Try the demo</source>
        <translation>看看演示店铺</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Set up my shop</source>
        <translation>开设我的店铺</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>as buyers see it, e.g. 青瓷小铺</source>
        <translation>买家看到的店名，例如 青瓷小铺</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Shop name</source>
        <translation>店铺名称</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Marketplace</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Ship within (after payment)</source>
        <translation>付款后多久内发货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>not known yet</source>
        <translation>暂不清楚</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Category average help rate</source>
        <translation>类目平均求助率</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>The category average is shown in your seller centre beside your own help rate (often called the industry or category average). The app warns before you cross it. You can enter or change it later in Settings.</source>
        <translation>类目平均值在商家后台里，和您自己的求助率显示在一起（常叫“同行均值”或“行业均值”）。软件会在您越线之前提醒。以后也可以在“设置”里填写或修改。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Create my shop</source>
        <translation>创建我的店铺</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/welcome.py"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>WindowGauge</name>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>Warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>Over the threshold</source>
        <translation>已超标</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>No threshold</source>
        <translation>未设阈值</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>No orders</source>
        <translation>没有订单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>Last 7 days</source>
        <translation>近 7 天</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>Last 30 days</source>
        <translation>近 30 天</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>Last {days} days</source>
        <translation>近 {days} 天</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>shipments</source>
        <translation>发货</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>deliveries</source>
        <translation>送达</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>buyer questions</source>
        <translation>买家提问</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>transactions</source>
        <translation>交易</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>No limit set — enter the one your seller centre shows</source>
        <translation>还没有设置上限——请填入卖家中心显示的数值</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>No threshold set — enter your category's average in Settings</source>
        <translation>未设阈值——请在“设置”中填写所在类目的平均值</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>No orders in this window yet: there is no rate to judge</source>
        <translation>这个周期还没有订单：暂时没有比率可以评判</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>Events: {events}, orders: none — counts as over {threshold}</source>
        <translation>{events} 次事件且无订单：视为超过 {threshold}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>Over the threshold: 1 event above {threshold}</source>
        <translation>已超标：比阈值 {threshold} 多 1 次事件</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>Over the threshold: {events} events above {threshold}</source>
        <translation>已超标：比阈值 {threshold} 多 {events} 次事件</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>1 more help event this week puts you over {threshold}</source>
        <translation>本周再有 1 次求助就会超过 {threshold}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>{events} more help events this week put you over {threshold}</source>
        <translation>本周再有 {events} 次求助就会超过 {threshold}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>1 more help event in {days} days puts you over {threshold}</source>
        <translation>{days} 天内再有 1 次求助就会超过 {threshold}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>{events} more help events in {days} days put you over {threshold}</source>
        <translation>{days} 天内再有 {events} 次求助就会超过 {threshold}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>Under the target of {threshold}</source>
        <translation>低于要求的 {threshold}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>1 more {bad} takes you under {threshold}</source>
        <translation>再有 1 个{bad}就会低于 {threshold}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>{count} more {bad} take you under {threshold}</source>
        <translation>再有 {count} 个{bad}就会低于 {threshold}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>{count} {bad}, nothing to divide by — counts as over {threshold}</source>
        <translation>{count} 个{bad}但没有可计算的基数：视为超过 {threshold}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>Over the limit: {count} {bad} above {threshold}</source>
        <translation>已超标：比上限 {threshold} 多 {count} 个{bad}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>1 more {bad} this week puts you over {threshold}</source>
        <translation>本周再有 1 个{bad}就会超过 {threshold}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>{count} more {bad} this week put you over {threshold}</source>
        <translation>本周再有 {count} 个{bad}就会超过 {threshold}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>1 more {bad} in {days} days puts you over {threshold}</source>
        <translation>{days} 天内再有 1 个{bad}就会超过 {threshold}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>{count} more {bad} in {days} days put you over {threshold}</source>
        <translation>{days} 天内再有 {count} 个{bad}就会超过 {threshold}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>If no orders come (none in the last 14 days): tomorrow {tomorrow}, in a week {week}.</source>
        <translation>假如一直没有订单（最近14天没有）：明天 {tomorrow}，一周后 {week}。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>If orders keep coming at {per_day} a day and nothing new goes wrong: tomorrow {tomorrow}, in a week {week}.</source>
        <translation>假如每天继续有 {per_day} 单、没有新的问题：明天 {tomorrow}，一周后 {week}。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>no orders</source>
        <translation>没有订单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>{shop} — {metrics}</source>
        <translation>{shop}——{metrics}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>{title}; seller level if judged today: {level}</source>
        <translation>{title}；按今天计算的卖家等级：{level}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>Orders in this window: only {orders} — each help event moves the rate by {step}.</source>
        <translation>此周期内只有 {orders} 单：每次求助都会让求助率变动 {step}。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>Only {orders} {per} in this window — each {bad} moves the rate by {step}.</source>
        <translation>此周期内只有 {orders} 笔{per}：每多一个{bad}，比率就变动 {step}。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>Help events: {events} · orders: {orders}</source>
        <translation>{events} 次求助 / {orders} 单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>{events} of {orders} {per}</source>
        <translation>{events} / {orders}（{per}）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>No {per} in this window</source>
        <translation>这个周期没有{per}</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>{metric}, {window}: {value} (no limit set)</source>
        <translation>{metric}，{window}：{value}（未设上限）</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/gauge.py"/>
        <source>{metric}, {window}: {value} (limit {limit})</source>
        <translation>{metric}，{window}：{value}（上限 {limit}）</translation>
    </message>
</context>
<context>
    <name>WithdrawDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/withdraw_dialog.py"/>
        <source>Withdraw message</source>
        <translation>撤回消息</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/withdraw_dialog.py"/>
        <source>The message stays in the evidence: bundles show it struck through with your reason. The correction is sealed and cannot be undone.</source>
        <translation>消息仍保留在证据中：证据包里会划线显示，并注明您填写的原因。此更正会被封存，无法撤销。</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/withdraw_dialog.py"/>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/withdraw_dialog.py"/>
        <source>e.g. sent to the wrong buyer</source>
        <translation>例如：发错了买家</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/withdraw_dialog.py"/>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
</context>
<context>
    <name>WorkOrderDialog</name>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Open an urge work order</source>
        <translation>新建催发货工单</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Opened at</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Answer by</source>
        <translation>最晚回复时间</translation>
    </message>
    <message>
        <location filename="../../seller_assistant/ui/order_actions.py"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>Worker</name>
    <message>
        <location filename="../../seller_assistant/ui/workers.py"/>
        <source>An unexpected problem stopped this task ({problem}).</source>
        <translation>意外问题中断了这项任务（{problem}）。</translation>
    </message>
</context>
</TS>
