<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>bianmin::print</name>
    <message>
        <location filename="../../client/print/notice_builders.cpp" line="73"/>
        <location filename="../../client/print/notice_builders.cpp" line="379"/>
        <location filename="../../client/print/notice_builders.cpp" line="381"/>
        <source>窗口</source>
        <translation> window</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_builders.cpp" line="111"/>
        <source>窗口领取</source>
        <translation>Pick-up at the window</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_builders.cpp" line="113"/>
        <source>邮寄送达</source>
        <translation>By post</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_builders.cpp" line="115"/>
        <source>村代办员送回</source>
        <translation>Returned by the village agent</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_builders.cpp" line="150"/>
        <source>见收件回执</source>
        <translation>See the receipt</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_builders.cpp" line="257"/>
        <source>（申请人）</source>
        <translation> (applicant)</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_builders.cpp" line="327"/>
        <source>市级</source>
        <translation>City level</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_builders.cpp" line="329"/>
        <source>乡级</source>
        <translation>Township level</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_builders.cpp" line="331"/>
        <source>村级</source>
        <translation>Village level</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_builders.cpp" line="353"/>
        <source>即办件</source>
        <translation>Immediate case</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_builders.cpp" line="356"/>
        <source>承诺件</source>
        <translation>Promised case</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_builders.cpp" line="359"/>
        <source>上报件</source>
        <translation>Referred case</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_builders.cpp" line="367"/>
        <location filename="../../client/print/notice_painting.cpp" line="100"/>
        <source>：</source>
        <translation>: </translation>
    </message>
    <message>
        <location filename="../../client/print/page_flow.cpp" line="286"/>
        <source>第 %1 页 共 %2 页</source>
        <translation>Page %1 of %2</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="140"/>
        <source>时间：</source>
        <translation>Date: </translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="181"/>
        <source>（盖章）</source>
        <translation>(Seal)</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="194"/>
        <source>（代理人：%1）</source>
        <translation> (agent: %1)</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="201"/>
        <location filename="../../client/print/notices.cpp" line="27"/>
        <source>受理通知书</source>
        <translation>Acceptance Notice</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="203"/>
        <source>你（单位）于%1提出的“%2”申请，经审查，申请材料齐全、符合法定形式，本机关决定予以受理。</source>
        <translation>Your application for “%2” submitted on %1 has been examined. As the application materials are complete and in the statutory form, this authority has decided to accept it.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="208"/>
        <source>本事项为即办件，于受理当日办结。</source>
        <translation>This is an immediate case; it will be completed on the day of acceptance.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="210"/>
        <source>本事项承诺办结时限为%1个工作日（自受理之日起计算，法定节假日不计入），预计于%2前办结。</source>
        <translation>The promised time limit for this case is %1 working days (counted from the day of acceptance, statutory holidays excluded); it is expected to be completed by %2.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="217"/>
        <location filename="../../client/print/notice_painting.cpp" line="372"/>
        <location filename="../../client/print/notice_painting.cpp" line="403"/>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="219"/>
        <source>办件编号（临时）</source>
        <translation>Case number (provisional)</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="219"/>
        <source>临时编号</source>
        <translation>Provisional number</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="221"/>
        <location filename="../../client/print/notice_painting.cpp" line="280"/>
        <location filename="../../client/print/notice_painting.cpp" line="373"/>
        <location filename="../../client/print/notice_painting.cpp" line="404"/>
        <location filename="../../client/print/notice_painting.cpp" line="431"/>
        <location filename="../../client/print/notice_painting.cpp" line="432"/>
        <source>事项名称</source>
        <translation>Item name</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="222"/>
        <source>收件日期</source>
        <translation>Date received</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="222"/>
        <source>受理日期</source>
        <translation>Date accepted</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="223"/>
        <source>承诺时限</source>
        <translation>Promised time limit</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="223"/>
        <source>即办</source>
        <translation>Immediate</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="223"/>
        <source>%1个工作日</source>
        <translation>%1 working days</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="224"/>
        <source>预计办结日期</source>
        <translation>Expected completion</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="225"/>
        <location filename="../../client/print/notice_painting.cpp" line="436"/>
        <source>受理窗口</source>
        <translation>Accepting window</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="225"/>
        <source>咨询电话</source>
        <translation>Enquiry phone</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="226"/>
        <location filename="../../client/print/notice_painting.cpp" line="281"/>
        <source>查询密码</source>
        <translation>Query password</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="226"/>
        <source>监督电话</source>
        <translation>Supervision phone</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="238"/>
        <source>请使用手机扫描左侧二维码，输入办件编号和查询密码，即可查询办理进度。查询密码仅打印在本通知书上，请妥善保管，切勿告知他人。</source>
        <translation>Scan the QR code on the left with a mobile phone and enter the case number and the query password to check the progress. The query password is printed only on this notice: keep it safe and do not tell it to anyone.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="257"/>
        <source>办理进度查询</source>
        <translation>Progress enquiry</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="266"/>
        <source>本通知书一式两份，一份交申请人，一份由受理单位存档。</source>
        <translation>This notice is made in duplicate: one copy for the applicant, one kept on file by the accepting unit.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="268"/>
        <location filename="../../client/print/notice_painting.cpp" line="319"/>
        <location filename="../../client/print/notice_painting.cpp" line="363"/>
        <source>经办人（签字）</source>
        <translation>Handled by (signature)</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="268"/>
        <location filename="../../client/print/notice_painting.cpp" line="298"/>
        <source>申请人/代理人（签字）</source>
        <translation>Applicant/agent (signature)</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="272"/>
        <location filename="../../client/print/notices.cpp" line="28"/>
        <source>收件回执</source>
        <translation>Materials Receipt</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="274"/>
        <source>你（单位）申请办理的“%1”，本单位已于%2收到下列材料，特此回执。本回执仅为收件凭证，不作为受理凭证；是否受理将另行书面告知。</source>
        <translation>The materials listed below for your application for “%1” were received by this unit on %2; this receipt is issued accordingly. It only certifies receipt of the materials and is not proof of acceptance; whether the application is accepted will be notified separately in writing.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="279"/>
        <source>临时办件编号</source>
        <translation>Provisional case number</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="281"/>
        <source>收件时间</source>
        <translation>Time received</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="282"/>
        <source>收件窗口</source>
        <translation>Receiving window</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="282"/>
        <location filename="../../client/print/notice_painting.cpp" line="406"/>
        <source>联系电话</source>
        <translation>Contact phone</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="284"/>
        <source>收到的材料</source>
        <translation>Materials received</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="291"/>
        <location filename="../../client/print/notice_painting.cpp" line="337"/>
        <location filename="../../client/print/notice_painting.cpp" line="388"/>
        <location filename="../../client/print/notice_painting.cpp" line="456"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="291"/>
        <location filename="../../client/print/notice_painting.cpp" line="337"/>
        <location filename="../../client/print/notice_painting.cpp" line="388"/>
        <location filename="../../client/print/notice_painting.cpp" line="456"/>
        <source>材料名称</source>
        <translation>Material</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="291"/>
        <source>原件核验</source>
        <translation>Original verified</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="291"/>
        <source>复印件（份）</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="295"/>
        <source>已核验</source>
        <translation>Verified</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="295"/>
        <source>未核验</source>
        <translation>Not verified</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="298"/>
        <source>收件人（签字）</source>
        <translation>Received by (signature)</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="299"/>
        <source>请凭临时办件编号和查询密码查询办理进度；查询密码请妥善保管。</source>
        <translation>Use the provisional case number and the query password to check the progress; keep the query password safe.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="303"/>
        <location filename="../../client/print/notices.cpp" line="29"/>
        <source>不予受理通知书</source>
        <translation>Notice of Refusal</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="305"/>
        <source>你（单位）于%1提出的“%2”申请（办件编号：%3），经审查，因下列原因，本机关决定不予受理：</source>
        <translation>Your application for “%2” submitted on %1 (case number: %3) has been examined. For the reasons below, this authority has decided not to accept it:</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="314"/>
        <source>（%1）%2</source>
        <translation>(%1) %2</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="315"/>
        <source>如对本决定不服，可以自收到本通知书之日起60日内向%1申请行政复议，或者自收到本通知书之日起6个月内依法向%2提起行政诉讼。</source>
        <translation>If you disagree with this decision, you may apply to %1 for administrative reconsideration within 60 days of receiving this notice, or bring an administrative lawsuit before %2 within 6 months of receiving this notice.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="319"/>
        <source>申请人（签收）</source>
        <translation>Applicant (signed for)</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="320"/>
        <source>本通知书一式两份，一份交申请人，一份由本单位存档。</source>
        <translation>This notice is made in duplicate: one copy for the applicant, one kept on file by this unit.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="324"/>
        <location filename="../../client/print/notices.cpp" line="30"/>
        <source>一次性告知书</source>
        <translation>One-time Notice of Missing Materials</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="326"/>
        <source>你（单位）于%1申请办理的“%2”（办件编号：%3），经审查，申请材料不齐全。现将需要补正的全部材料一次性告知如下：</source>
        <translation>Your application for “%2” submitted on %1 (case number: %3) has been examined and the application materials are incomplete. All the materials still required are listed below, at one time:</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="337"/>
        <source>份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="337"/>
        <source>要求</source>
        <translation>Requirements</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="342"/>
        <source>原件%1份</source>
        <translation>Originals: %1</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="345"/>
        <source>复印件%1份</source>
        <translation>Copies: %1</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="346"/>
        <source>必要材料。</source>
        <translation>Required. </translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="346"/>
        <source>视情形提交。</source>
        <translation>Submit if applicable. </translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="348"/>
        <source>。</source>
        <translation>. </translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="350"/>
        <source>来源：%1。</source>
        <translation>Source: %1.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="357"/>
        <source>请于%1前携带上述材料到%2%3补正。材料补齐后即予受理；逾期未补正的，本申请按退件处理。</source>
        <translation>Please bring the above materials to %2, %3 by %1. The application will be accepted once the materials are complete; if they are not supplied in time, the application will be returned.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="361"/>
        <source>联系窗口：%1，联系电话：%2。</source>
        <translation>Contact window: %1; phone: %2.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="363"/>
        <source>申请人/代理人（签收）</source>
        <translation>Applicant/agent (signed for)</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="367"/>
        <location filename="../../client/print/notices.cpp" line="31"/>
        <source>办件材料交接单</source>
        <translation>Case Materials Hand-over Slip</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="368"/>
        <source>%1%2将下列办件材料移交%3，双方当面清点，确认无误。</source>
        <translation>%1 (%2) hands the case materials below over to %3; both parties have counted them together and confirm they are correct.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="374"/>
        <location filename="../../client/print/notice_painting.cpp" line="405"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="374"/>
        <source>交接时间</source>
        <translation>Hand-over time</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="375"/>
        <source>移交单位</source>
        <translation>Handing-over unit</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="376"/>
        <source>移交人</source>
        <translation>Handed over by</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="377"/>
        <source>接收单位</source>
        <translation>Receiving unit</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="378"/>
        <source>接收人</source>
        <translation>Received by</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="380"/>
        <source>交接材料</source>
        <translation>Materials handed over</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="388"/>
        <location filename="../../client/print/notice_painting.cpp" line="456"/>
        <source>原件</source>
        <translation>Originals</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="388"/>
        <location filename="../../client/print/notice_painting.cpp" line="456"/>
        <source>复印件</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="388"/>
        <location filename="../../client/print/notice_painting.cpp" line="409"/>
        <source>备注</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="394"/>
        <source>移交人（签字）</source>
        <translation>Handed over by (signature)</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="394"/>
        <source>接收人（签字）</source>
        <translation>Received by (signature)</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="395"/>
        <source>本交接单一式两份，移交、接收双方各执一份。原件由接收方保管，直至回交申请人。</source>
        <translation>This slip is made in duplicate, one for each party. The receiving party keeps the originals until they are returned to the applicant.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="399"/>
        <location filename="../../client/print/notices.cpp" line="32"/>
        <source>送达回执</source>
        <translation>Proof of Delivery</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="400"/>
        <source>      年    月    日    时    分</source>
        <translation>Date:                        Time:          </translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="401"/>
        <source>送达文书</source>
        <translation>Document delivered</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="402"/>
        <source>文书编号</source>
        <translation>Document number</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="405"/>
        <source>受送达人</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="406"/>
        <source>送达方式</source>
        <translation>Delivery method</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="407"/>
        <source>送达时间</source>
        <translation>Delivery time</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="408"/>
        <source>送达地点</source>
        <translation>Place of delivery</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="411"/>
        <source>受送达人已收到上述文书（结果），核对无误。</source>
        <translation>The recipient has received the above document (result) and found it correct.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="412"/>
        <source>送达人（签字）</source>
        <translation>Delivered by (signature)</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="412"/>
        <source>受送达人（签字）</source>
        <translation>Recipient (signature)</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="413"/>
        <source>受送达人拒绝签收的，送达人应在备注栏注明情况。</source>
        <translation>If the recipient refuses to sign, the person delivering records this under Remarks.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="417"/>
        <location filename="../../client/print/notices.cpp" line="33"/>
        <source>办事指南</source>
        <translation> — Service Guide</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="418"/>
        <source>实施编码：%1    版本：第%2版（%3起施行）</source>
        <translation>Implementation code: %1    Version: %2 (in force from %3)</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="424"/>
        <source>、</source>
        <translation>. </translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="433"/>
        <source>基本编码</source>
        <translation>Basic code</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="433"/>
        <source>实施编码</source>
        <translation>Impl. code</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="434"/>
        <source>事项类型</source>
        <translation>Item type</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="434"/>
        <source>办件类型</source>
        <translation>Case type</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="435"/>
        <source>服务对象</source>
        <translation>Service recipients</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="435"/>
        <source>行使层级</source>
        <translation>Levels</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="436"/>
        <source>实施主体</source>
        <translation>Implementing body</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="438"/>
        <source>实施依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="441"/>
        <source>申报条件</source>
        <translation>Application conditions</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="444"/>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="446"/>
        <source>无特别条件。</source>
        <translation>No special conditions.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="448"/>
        <source>申报材料</source>
        <translation>Application materials</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="456"/>
        <source>必要性</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="457"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="457"/>
        <source>审查要点</source>
        <translation>Review points</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="460"/>
        <source>必要</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="460"/>
        <source>非必要</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="461"/>
        <source>%1份</source>
        <translation>%1</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="465"/>
        <source>办理程序</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="467"/>
        <source>%1. 申请与受理：申请人向受理窗口提交申请材料，材料齐全、符合法定形式的予以受理；材料不全的，一次性告知需要补正的全部材料。</source>
        <translation>%1. Application and acceptance: the applicant submits the application materials at the accepting window; materials that are complete and in the statutory form are accepted; if they are incomplete, all the missing materials are notified at one time.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="472"/>
        <source>%1. %2：%3个工作日。</source>
        <translation>%1. %2: %3 working days.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="473"/>
        <source>%1. 办结与送达：出具办理结果，按申请人选择的方式送达。</source>
        <translation>%1. Completion and delivery: the result is issued and delivered in the way the applicant chose.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="475"/>
        <source>办理方式：</source>
        <translation>Handling: </translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="475"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="477"/>
        <source>办理时限</source>
        <translation>Time limits</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="478"/>
        <source>法定办结时限：%1个工作日；承诺办结时限：%2个工作日。时限自受理之日起计算，法定节假日不计入。</source>
        <translation>Statutory time limit: %1 working days; promised time limit: %2 working days. Counted from the day of acceptance, statutory holidays excluded.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="483"/>
        <source>收费依据</source>
        <translation>Basis for fees</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="485"/>
        <source>本事项不收费。</source>
        <translation>No fee is charged for this item.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="487"/>
        <source>（须在受理前缴清费用。）</source>
        <translation> (Fees must be paid before acceptance.)</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="488"/>
        <source>（须在办结前缴清费用。）</source>
        <translation> (Fees must be paid before completion.)</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="491"/>
        <location filename="../../client/print/notice_painting.cpp" line="501"/>
        <source>收费标准</source>
        <translation>Fee standards</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="493"/>
        <source>不收费。</source>
        <translation>No fee.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="501"/>
        <source>收费项目</source>
        <translation>Fee item</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="501"/>
        <source>可否减免</source>
        <translation>Reducible</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="501"/>
        <source>减免依据</source>
        <translation>Basis for reduction</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="504"/>
        <source>可减免</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="504"/>
        <source>不减免</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="507"/>
        <source>费用通过代收银行缴纳，窗口不收取现金。</source>
        <translation>Fees are paid through the collecting bank; no cash is taken at the window.</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="510"/>
        <source>办理地点和时间</source>
        <translation>Place and hours</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="511"/>
        <source>办理地点：</source>
        <translation>Place: </translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="513"/>
        <source>办理时间：</source>
        <translation>Hours: </translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="515"/>
        <source>咨询和监督</source>
        <translation>Enquiries and supervision</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="516"/>
        <source>咨询电话：%1</source>
        <translation>Enquiry phone: %1</translation>
    </message>
    <message>
        <location filename="../../client/print/notice_painting.cpp" line="517"/>
        <source>监督投诉电话：%1</source>
        <translation>Supervision and complaints phone: %1</translation>
    </message>
</context>
<context>
    <name>bianmin::ui</name>
    <message>
        <location filename="../../client/ui/notice_output.cpp" line="89"/>
        <source>无法创建文件夹 %1</source>
        <translation>Cannot create the folder %1</translation>
    </message>
    <message>
        <location filename="../../client/ui/notice_output.cpp" line="107"/>
        <location filename="../../client/ui/notice_output.cpp" line="134"/>
        <source>打印失败</source>
        <translation>Printing failed</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="17"/>
        <source>未建立</source>
        <translation>Not created</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="19"/>
        <location filename="../../client/ui/ui_text.cpp" line="72"/>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="21"/>
        <location filename="../../client/ui/ui_text.cpp" line="73"/>
        <source>收件</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="23"/>
        <location filename="../../client/ui/ui_text.cpp" line="76"/>
        <source>预受理</source>
        <translation>Pre-accepted</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="25"/>
        <location filename="../../client/ui/ui_text.cpp" line="77"/>
        <source>预受理退回</source>
        <translation>Pre-acceptance returned</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="27"/>
        <location filename="../../client/ui/ui_text.cpp" line="78"/>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="29"/>
        <location filename="../../client/ui/ui_text.cpp" line="75"/>
        <source>补齐补正</source>
        <translation>Awaiting materials</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="31"/>
        <location filename="../../client/ui/ui_text.cpp" line="79"/>
        <source>不予受理</source>
        <translation>Not accepted</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="33"/>
        <source>在办</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="35"/>
        <source>挂起</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="37"/>
        <location filename="../../client/ui/ui_text.cpp" line="85"/>
        <source>办结</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="39"/>
        <location filename="../../client/ui/ui_text.cpp" line="94"/>
        <source>转报办结</source>
        <translation>Completed by forwarding</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="41"/>
        <source>作废办结</source>
        <translation>Voided</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="43"/>
        <location filename="../../client/ui/ui_text.cpp" line="92"/>
        <source>退件</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="45"/>
        <location filename="../../client/ui/ui_text.cpp" line="93"/>
        <source>撤销申请</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="53"/>
        <source>正常</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="55"/>
        <source>预警</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="57"/>
        <source>黄牌</source>
        <translation>Yellow card</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="59"/>
        <source>红牌</source>
        <translation>Red card</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="61"/>
        <source>严重超期</source>
        <translation>Severely overdue</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="74"/>
        <source>一次性告知</source>
        <translation>One-time notice</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="80"/>
        <source>转报</source>
        <translation>Forwarded</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="81"/>
        <source>上级收件</source>
        <translation>Taken in by higher level</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="82"/>
        <source>审批环节</source>
        <translation>Approval step</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="83"/>
        <source>特别程序开始</source>
        <translation>Special procedure started</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="84"/>
        <source>特别程序结束</source>
        <translation>Special procedure ended</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="86"/>
        <source>反馈</source>
        <translation>Feedback</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="87"/>
        <source>送达</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="88"/>
        <source>评价</source>
        <translation>Evaluated</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="89"/>
        <source>差评整改</source>
        <translation>Poor rating rectified</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="90"/>
        <source>归档</source>
        <translation>Archived</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="91"/>
        <source>作废</source>
        <translation>Voided</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="95"/>
        <source>缴费通知</source>
        <translation>Fee notice</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="96"/>
        <source>缴费确认</source>
        <translation>Fee paid</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="97"/>
        <source>材料交接</source>
        <translation>Materials handed over</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="98"/>
        <source>绑定正式编号</source>
        <translation>Official number assigned</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="99"/>
        <source>冲突处理</source>
        <translation>Conflict resolved</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="111"/>
        <source>窗口人员</source>
        <translation>Window clerk</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="113"/>
        <source>村代办员</source>
        <translation>Village agent</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="115"/>
        <source>大厅主任</source>
        <translation>Hall director</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="117"/>
        <source>部门人员</source>
        <translation>Department staff</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="119"/>
        <source>监察人员</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="121"/>
        <source>管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="123"/>
        <source>系统</source>
        <translation>System</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="131"/>
        <source>出证</source>
        <translation>Certificate issued</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="133"/>
        <source>出文</source>
        <translation>Document issued</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="135"/>
        <source>审批通过</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="137"/>
        <source>不予许可</source>
        <translation>Not permitted</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="145"/>
        <source>窗口领取</source>
        <translation>Pick-up at the window</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="147"/>
        <source>邮寄送达</source>
        <translation>By post</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="149"/>
        <source>代办员送回</source>
        <translation>Returned by the agent</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="157"/>
        <source>非常满意</source>
        <translation>Excellent</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="159"/>
        <source>满意</source>
        <translation>Good</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="161"/>
        <source>基本满意</source>
        <translation>Fair</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="163"/>
        <source>不满意</source>
        <translation>Poor</translation>
    </message>
    <message>
        <location filename="../../client/ui/ui_text.cpp" line="165"/>
        <source>非常不满意</source>
        <translation>Very poor</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="46"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
</context>
<context>
    <name>bianmin::ui::CaseDetail</name>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="115"/>
        <source>选择左侧列表中的办件查看详情</source>
        <translation>Select a case in the list on the left to see its details</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="116"/>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="126"/>
        <source>状态：&lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Status: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="133"/>
        <source>&#x3000;承诺办结日：%1</source>
        <translation>&amp;nbsp;&amp;nbsp;Promised completion: %1</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="135"/>
        <source>&#x3000;当前办理：%1</source>
        <translation>&amp;nbsp;&amp;nbsp;Currently with: %1</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="137"/>
        <source>（待收件）</source>
        <translation> (awaiting take-in)</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="139"/>
        <source>&lt;br&gt;&lt;span style=&apos;color:#c62828&apos;&gt;⚠ 此办件有待处理的冲突，请与申请人核实后处理&lt;/span&gt;</source>
        <translation>&lt;br&gt;&lt;span style=&apos;color:#c62828&apos;&gt;⚠ This case has an open conflict: check with the applicant, then resolve it&lt;/span&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="144"/>
        <source>&lt;h3&gt;申请人&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Applicant&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="146"/>
        <source>&#x3000;证件号码 </source>
        <translation>&amp;nbsp;&amp;nbsp;ID no. </translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="148"/>
        <source>&#x3000;电话 </source>
        <translation>&amp;nbsp;&amp;nbsp;Phone </translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="150"/>
        <source>&lt;br&gt;住址 </source>
        <translation>&lt;br&gt;Address </translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="155"/>
        <source>&lt;p&gt;代理人：%1%2&lt;/p&gt;</source>
        <translation>&lt;p&gt;Agent: %1%2&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="156"/>
        <source>&#x3000;（已签委托书）</source>
        <translation>&amp;nbsp;&amp;nbsp;(power of attorney signed)</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="157"/>
        <source>&lt;p&gt;临时编号 %1&#x3000;正式编号 %2&lt;/p&gt;</source>
        <translation>&lt;p&gt;Provisional no. %1&amp;nbsp;&amp;nbsp; Official no. %2&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="159"/>
        <source>（待中心绑定）</source>
        <translation>(to be assigned by the center)</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="161"/>
        <source>&lt;h3&gt;办理结果&lt;/h3&gt;&lt;p&gt;%1&#x3000;%2 %3&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Result&lt;/h3&gt;&lt;p&gt;%1&amp;nbsp;&amp;nbsp;%2 %3&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="167"/>
        <source>&lt;p&gt;已反馈至受理地：%1&lt;/p&gt;</source>
        <translation>&lt;p&gt;Replied to the accepting site: %1&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="170"/>
        <source>&lt;h3&gt;不予受理理由&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Reasons for refusal&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="175"/>
        <source>&lt;p&gt;已送达：%1，%2，%3&lt;/p&gt;</source>
        <translation>&lt;p&gt;Delivered: %1, %2, %3&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="179"/>
        <source>&lt;p&gt;评价：%1 %2&lt;/p&gt;</source>
        <translation>&lt;p&gt;Evaluation: %1 %2&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="182"/>
        <source>&lt;h3&gt;申请材料&lt;/h3&gt;&lt;table border=&apos;1&apos; cellspacing=&apos;0&apos; cellpadding=&apos;3&apos;&gt;&lt;tr&gt;&lt;th&gt;材料&lt;/th&gt;&lt;th&gt;必要&lt;/th&gt;&lt;th&gt;已收&lt;/th&gt;&lt;th&gt;原件已核验&lt;/th&gt;&lt;th&gt;复印件&lt;/th&gt;&lt;th&gt;原件在&lt;/th&gt;&lt;/tr&gt;</source>
        <translation>&lt;h3&gt;Application materials&lt;/h3&gt;&lt;table border=&apos;1&apos; cellspacing=&apos;0&apos; cellpadding=&apos;3&apos;&gt;&lt;tr&gt;&lt;th&gt;Material&lt;/th&gt;&lt;th&gt;Required&lt;/th&gt;&lt;th&gt;Received&lt;/th&gt;&lt;th&gt;Original verified&lt;/th&gt;&lt;th&gt;Copies&lt;/th&gt;&lt;th&gt;Original held by&lt;/th&gt;&lt;/tr&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="189"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="189"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="201"/>
        <source>&lt;h3&gt;原件交接&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Hand-over of originals&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="207"/>
        <source>&lt;p&gt;%1&#x3000;%2 → %3&#x3000;%4（签收：%5）&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1&amp;nbsp;&amp;nbsp;%2 → %3&amp;nbsp;&amp;nbsp;%4 (signed for by %5)&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="214"/>
        <source>&lt;h3&gt;办理过程&lt;/h3&gt;&lt;table cellpadding=&apos;3&apos;&gt;</source>
        <translation>&lt;h3&gt;Case history&lt;/h3&gt;&lt;table cellpadding=&apos;3&apos;&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="221"/>
        <source>&lt;span style=&apos;color:#c62828&apos;&gt;未生效：%1&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#c62828&apos;&gt;Not applied: %1&lt;/span&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="227"/>
        <source>&lt;h3&gt;冲突&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Conflicts&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="230"/>
        <source>（已处理）</source>
        <translation>(resolved)</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="230"/>
        <source>⚠</source>
        <translation>⚠</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="233"/>
        <source>&lt;h3&gt;时限提示&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Time limit notes&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="261"/>
        <location filename="../../client/ui/case_detail.cpp" line="273"/>
        <source>补齐材料</source>
        <translation>Supplement materials</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="273"/>
        <source>勾选申请人本次补交的材料：</source>
        <translation>Tick the materials the applicant has now supplied:</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="284"/>
        <location filename="../../client/ui/case_detail.cpp" line="295"/>
        <source>一次性告知</source>
        <translation>One-time notice</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="295"/>
        <source>须补正的全部材料：</source>
        <translation>All the materials still required:</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="303"/>
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="306"/>
        <location filename="../../client/ui/case_detail.cpp" line="312"/>
        <source>不予受理</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="312"/>
        <source>不予受理的理由（每行一条）：</source>
        <translation>Reasons for refusal (one per line):</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="323"/>
        <source>转报至 %1</source>
        <translation>Forward to %1</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="331"/>
        <source>收件</source>
        <translation>Take in</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="334"/>
        <location filename="../../client/ui/case_detail.cpp" line="341"/>
        <source>办结</source>
        <translation>Complete</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="341"/>
        <source>办理结果名称（如：证明、低保证）：</source>
        <translation>Name of the result (e.g. certificate, subsistence allowance card):</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="350"/>
        <location filename="../../client/ui/case_detail.cpp" line="358"/>
        <source>送达</source>
        <translation>Deliver</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="358"/>
        <source>领取人（签收人）姓名：</source>
        <translation>Name of the person collecting (signing for) it:</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="372"/>
        <source>请申请人评价</source>
        <translation>Ask applicant to rate</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="404"/>
        <source>原件交接至%1</source>
        <translation>Hand originals over to %1</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="410"/>
        <source>原件交接</source>
        <translation>Hand over originals</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="410"/>
        <source>接收人（大厅签收人）姓名：</source>
        <translation>Name of the receiver (signing at the hall):</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="430"/>
        <source>原件退还申请人</source>
        <translation>Return originals to applicant</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="436"/>
        <source>原件退还</source>
        <translation>Return originals</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="436"/>
        <source>签收人（申请人或其代理人）姓名：</source>
        <translation>Signed for by (applicant or agent):</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="444"/>
        <location filename="../../client/ui/case_detail.cpp" line="447"/>
        <source>撤销申请</source>
        <translation>Withdraw application</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="447"/>
        <source>申请人撤销申请的原因：</source>
        <translation>Applicant&apos;s reason for withdrawing:</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="456"/>
        <location filename="../../client/ui/case_detail.cpp" line="461"/>
        <source>处理冲突</source>
        <translation>Resolve conflict</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="461"/>
        <source>与申请人核实后的处理说明：</source>
        <translation>How it was resolved after checking with the applicant:</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="489"/>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="522"/>
        <source>此办件当前不能执行该操作</source>
        <translation>This action is not possible for the case now</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="565"/>
        <source>无法读取办件：%1</source>
        <translation>Cannot read the case: %1</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_detail.cpp" line="594"/>
        <source>再加一条</source>
        <translation>Add another</translation>
    </message>
</context>
<context>
    <name>bianmin::ui::CaseListModel</name>
    <message>
        <location filename="../../client/ui/case_list_model.cpp" line="76"/>
        <source>此办件有待处理的冲突</source>
        <translation>This case has an open conflict</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_list_model.cpp" line="108"/>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_list_model.cpp" line="110"/>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_list_model.cpp" line="112"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_list_model.cpp" line="114"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_list_model.cpp" line="116"/>
        <source>时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_list_model.cpp" line="118"/>
        <source>收件时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_list_model.cpp" line="120"/>
        <source>承诺办结日</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../client/ui/case_list_model.cpp" line="122"/>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
</context>
<context>
    <name>bianmin::ui::CatalogBrowser</name>
    <message>
        <location filename="../../client/ui/catalog/catalog_browser.cpp" line="26"/>
        <source>搜索事项名称、拼音首字母或编码</source>
        <translation>Search by item name, pinyin initials or code</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/catalog_browser.cpp" line="28"/>
        <source>搜索事项</source>
        <translation>Search items</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/catalog_browser.cpp" line="39"/>
        <source>事项目录</source>
        <translation>Item catalog</translation>
    </message>
    <message numerus="yes">
        <location filename="../../client/ui/catalog/catalog_browser.cpp" line="110"/>
        <source>本处可办 %n 个事项</source>
        <translation>
            <numerusform>%n item offered here</numerusform>
            <numerusform>%n items offered here</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/catalog_browser.cpp" line="111"/>
        <source>本处可办 %1 个事项，另有 %2 个暂停受理</source>
        <translation>%1 items offered here, %2 more suspended</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/catalog_browser.cpp" line="113"/>
        <source>没有匹配“%1”的事项</source>
        <translation>No items match “%1”</translation>
    </message>
    <message numerus="yes">
        <location filename="../../client/ui/catalog/catalog_browser.cpp" line="115"/>
        <source>找到 %n 个事项</source>
        <translation>
            <numerusform>%n item found</numerusform>
            <numerusform>%n items found</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bianmin::ui::CatalogModel</name>
    <message>
        <location filename="../../client/ui/catalog/catalog_model.cpp" line="115"/>
        <source>%1窗口</source>
        <translation>%1 window</translation>
    </message>
    <message numerus="yes">
        <location filename="../../client/ui/catalog/catalog_model.cpp" line="117"/>
        <source>%1窗口：%n 个事项</source>
        <translation>
            <numerusform>%1 window: %n item</numerusform>
            <numerusform>%1 window: %n items</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/catalog_model.cpp" line="142"/>
        <source>%1（暂停受理）</source>
        <translation>%1 (suspended)</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/catalog_model.cpp" line="147"/>
        <source>即办件</source>
        <translation>Immediate</translation>
    </message>
    <message numerus="yes">
        <location filename="../../client/ui/catalog/catalog_model.cpp" line="149"/>
        <source>承诺件 %n 个工作日</source>
        <translation>
            <numerusform>Promised, %n working day</numerusform>
            <numerusform>Promised, %n working days</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/catalog_model.cpp" line="151"/>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/catalog_model.cpp" line="161"/>
        <source>自%1起暂停受理，不受理新的申请</source>
        <translation>Suspended since %1: no new applications are accepted</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/catalog_model.cpp" line="202"/>
        <source>事项名称</source>
        <translation>Item name</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/catalog_model.cpp" line="204"/>
        <source>办件类型</source>
        <translation>Case type</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/catalog_model.cpp" line="206"/>
        <source>事项编码</source>
        <translation>Item code</translation>
    </message>
</context>
<context>
    <name>bianmin::ui::EvaluationDialog</name>
    <message>
        <location filename="../../client/ui/evaluation_dialog.cpp" line="16"/>
        <source>请您评价</source>
        <translation>Please rate our service</translation>
    </message>
    <message>
        <location filename="../../client/ui/evaluation_dialog.cpp" line="18"/>
        <source>%1，您好！请对本次办事服务作出评价：</source>
        <translation>Hello, %1! Please rate the service you received today:</translation>
    </message>
    <message>
        <location filename="../../client/ui/evaluation_dialog.cpp" line="41"/>
        <source>意见或建议（可不填）：</source>
        <translation>Comments or suggestions (optional):</translation>
    </message>
    <message>
        <location filename="../../client/ui/evaluation_dialog.cpp" line="45"/>
        <source>提交评价</source>
        <translation>Submit rating</translation>
    </message>
</context>
<context>
    <name>bianmin::ui::ItemGuideView</name>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="70"/>
        <source>办事指南</source>
        <translation>Service guide</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="72"/>
        <source>打印办事指南</source>
        <translation>Print service guide</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="73"/>
        <source>打印本事项的办事指南，交给申请人</source>
        <translation>Print this item&apos;s service guide for the applicant</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="74"/>
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="75"/>
        <source>将本事项的办事指南保存为 PDF 文件</source>
        <translation>Save this item&apos;s service guide as a PDF file</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="112"/>
        <source>选择一个事项，这里显示它的办事指南（八公开）。</source>
        <translation>Select an item to see its service guide (the eight disclosures) here.</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="134"/>
        <source>（未公布）</source>
        <translation>(not published)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="135"/>
        <source>%n 个工作日</source>
        <translation>
            <numerusform>%n working day</numerusform>
            <numerusform>%n working days</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="139"/>
        <source>县(市)级</source>
        <translation>County (city) level</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="141"/>
        <source>镇(乡、街道)级</source>
        <translation>Township (town, subdistrict) level</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="143"/>
        <source>村(社区)级</source>
        <translation>Village (community) level</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="149"/>
        <source>行政许可</source>
        <translation>Administrative licensing</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="149"/>
        <source>行政处罚</source>
        <translation>Administrative penalty</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="150"/>
        <source>行政强制</source>
        <translation>Administrative enforcement</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="150"/>
        <source>行政征收</source>
        <translation>Administrative levy</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="151"/>
        <source>行政给付</source>
        <translation>Administrative benefit</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="151"/>
        <source>行政检查</source>
        <translation>Administrative inspection</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="152"/>
        <source>行政确认</source>
        <translation>Administrative confirmation</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="152"/>
        <source>行政奖励</source>
        <translation>Administrative award</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="153"/>
        <source>行政裁决</source>
        <translation>Administrative adjudication</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="153"/>
        <source>其他类别事项</source>
        <translation>Other administrative powers</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="154"/>
        <source>公共服务事项</source>
        <translation>Public service</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="161"/>
        <source>自然人</source>
        <translation>Individuals</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="161"/>
        <source>企业法人</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="162"/>
        <source>事业法人</source>
        <translation>Public institutions</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="162"/>
        <source>社会组织法人</source>
        <translation>Social organizations</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="163"/>
        <source>行政机关</source>
        <translation>Government bodies</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="163"/>
        <source>其他组织</source>
        <translation>Other organizations</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="171"/>
        <source>即办件（当场办结）</source>
        <translation>Immediate (completed on the spot)</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="173"/>
        <source>承诺件（%1内办结）</source>
        <translation>Promised (completed within %1)</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="175"/>
        <source>其他（上报件等）</source>
        <translation>Other (referred cases etc.)</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="184"/>
        <source>事项编码 %1 · 第 %2 版 · %3起施行</source>
        <translation>Item code %1 · version %2 · in force from %3</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="190"/>
        <source>本事项自%1起暂停受理，不受理新的申请；已受理的办件继续办理。</source>
        <translation>This item has been suspended since %1: no new applications are accepted; cases already accepted continue.</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="195"/>
        <source>本事项自%1起已取消。</source>
        <translation>This item has been cancelled since %1.</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="210"/>
        <source>一、事项名称</source>
        <translation>1. Item name</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="213"/>
        <source>事项名称</source>
        <translation>Item name</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="215"/>
        <source>业务办理项</source>
        <translation>Handling variant</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="216"/>
        <source>基本编码</source>
        <translation>Basic code</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="217"/>
        <source>实施编码</source>
        <translation>Implementation code</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="218"/>
        <source>事项类型</source>
        <translation>Item type</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="219"/>
        <source>服务对象</source>
        <translation>Service recipients</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="219"/>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="223"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="220"/>
        <source>实施部门</source>
        <translation>Implementing department</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="221"/>
        <source>办理窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="221"/>
        <source>%1窗口</source>
        <translation>%1 window</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="222"/>
        <source>办件类型</source>
        <translation>Case type</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="223"/>
        <source>行使层级</source>
        <translation>Levels</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="227"/>
        <source>二、实施依据</source>
        <translation>2. Legal basis</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="231"/>
        <source>三、申报条件</source>
        <translation>3. Application conditions</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="242"/>
        <source>四、申报材料</source>
        <translation>4. Application materials</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="248"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="248"/>
        <source>材料名称</source>
        <translation>Material</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="248"/>
        <source>必要性</source>
        <translation>Req.</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="248"/>
        <source>核验原件</source>
        <translation>Orig.</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="249"/>
        <source>复印件</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="249"/>
        <source>材料来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="249"/>
        <source>审查要点</source>
        <translation>Review points</translation>
    </message>
    <message numerus="yes">
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="259"/>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="260"/>
        <source>%n 份</source>
        <translation>
            <numerusform>%n</numerusform>
            <numerusform>%n</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="259"/>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="260"/>
        <source>不需要</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="264"/>
        <source>必要</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="264"/>
        <source>非必要</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="271"/>
        <source>五、办理程序</source>
        <translation>5. Procedure</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="278"/>
        <source>（本级）</source>
        <translation> (this level)</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="281"/>
        <source>受理</source>
        <translation>Acceptance</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="284"/>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="285"/>
        <source>%1（当场）</source>
        <translation>%1 (on the spot)</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="287"/>
        <source>办结</source>
        <translation>Completion</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="288"/>
        <source>办理流程</source>
        <translation>Process</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="292"/>
        <source>六、承诺时限</source>
        <translation>6. Promised time limit</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="295"/>
        <source>法定办结时限</source>
        <translation>Statutory time limit</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="297"/>
        <source>承诺办结时限</source>
        <translation>Promised time limit</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="298"/>
        <source>即办，当场办结</source>
        <translation>Immediate, completed on the spot</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="301"/>
        <source>计算方式</source>
        <translation>How it is counted</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="302"/>
        <source>自受理之日起按工作日计算，法定节假日不计；特别程序（听证、公示等）时间不计入。</source>
        <translation>Working days from the day of acceptance, statutory holidays excluded; special procedures (hearings, public notice, etc.) are not counted.</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="307"/>
        <source>七、收费依据</source>
        <translation>7. Basis for fees</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="309"/>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="319"/>
        <source>不收费</source>
        <translation>No fee</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="313"/>
        <source>费用须在受理前通过代收银行缴清。</source>
        <translation>Fees must be paid through the collecting bank before acceptance.</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="314"/>
        <source>费用须在办结前通过代收银行缴清。</source>
        <translation>Fees must be paid through the collecting bank before completion.</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="317"/>
        <source>八、收费标准</source>
        <translation>8. Fee standards</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="323"/>
        <source>收费项目</source>
        <translation>Fee item</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="323"/>
        <source>收费标准</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="323"/>
        <source>金额（元）</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="323"/>
        <source>减免</source>
        <translation>Reduction</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="330"/>
        <source>允许减免</source>
        <translation>Reducible</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="331"/>
        <source>允许减免：%1</source>
        <translation>Reducible: %1</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="332"/>
        <source>不减免</source>
        <translation>No reduction</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="340"/>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="345"/>
        <source>办理地点与咨询投诉</source>
        <translation>Place, enquiries and complaints</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="348"/>
        <source>办理地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="350"/>
        <source>本处办理</source>
        <translation>Handled here at</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="351"/>
        <source>%1 %2窗口</source>
        <translation>%1, %2 window</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="354"/>
        <source>咨询电话</source>
        <translation>Enquiry phone</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_guide_view.cpp" line="355"/>
        <source>监督投诉电话</source>
        <translation>Complaints phone</translation>
    </message>
</context>
<context>
    <name>bianmin::ui::ItemPicker</name>
    <message>
        <location filename="../../client/ui/catalog/item_picker.cpp" line="69"/>
        <source>即办件</source>
        <translation>Immediate</translation>
    </message>
    <message numerus="yes">
        <location filename="../../client/ui/catalog/item_picker.cpp" line="73"/>
        <source>承诺件 %n 日</source>
        <translation>
            <numerusform>Promised, %n day</numerusform>
            <numerusform>Promised, %n days</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_picker.cpp" line="77"/>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_picker.cpp" line="85"/>
        <source>%1窗口</source>
        <translation>%1 window</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_picker.cpp" line="163"/>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_picker.cpp" line="200"/>
        <source>选择办理事项</source>
        <translation>Choose the service item</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_picker.cpp" line="207"/>
        <source>搜索事项名称、拼音首字母或编码</source>
        <translation>Search by item name, pinyin initials or code</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_picker.cpp" line="209"/>
        <source>搜索事项</source>
        <translation>Search items</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_picker.cpp" line="221"/>
        <source>可办理的事项</source>
        <translation>Items available</translation>
    </message>
    <message numerus="yes">
        <location filename="../../client/ui/catalog/item_picker.cpp" line="280"/>
        <source>本处可受理 %n 个事项。</source>
        <translation>
            <numerusform>%n item can be accepted here.</numerusform>
            <numerusform>%n items can be accepted here.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_picker.cpp" line="282"/>
        <source>没有可受理的匹配事项。</source>
        <translation>No matching item can be accepted.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../client/ui/catalog/item_picker.cpp" line="284"/>
        <source>找到 %n 个事项。</source>
        <translation>
            <numerusform>%n item found.</numerusform>
            <numerusform>%n items found.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_picker.cpp" line="289"/>
        <source>暂停受理，不能新建办件：%1</source>
        <translation>Suspended, no new cases: %1</translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_picker.cpp" line="289"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../client/ui/catalog/item_picker.cpp" line="290"/>
        <source>↑↓ 选择 · 回车 确认 · Esc 清空</source>
        <translation>↑↓ select · Enter confirm · Esc clear</translation>
    </message>
</context>
<context>
    <name>bianmin::ui::MainWindow</name>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="61"/>
        <source>便民服务 — 办件窗口</source>
        <translation>Bianmin Service — Case Window</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="73"/>
        <source>已为用户 %1 开通本机，今后可离线登录</source>
        <translation>This device is now open to user %1, who can sign in offline from now on</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="82"/>
        <source>未连接</source>
        <translation>Not connected</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="87"/>
        <source>立即同步 (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="136"/>
        <source>本机注册</source>
        <translation>Device enrollment</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="138"/>
        <source>首次使用：请填写服务器地址和中心发放的注册码。</source>
        <translation>First use: enter the server address and the enrollment code issued by the center.</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="150"/>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="151"/>
        <source>端口</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="152"/>
        <source>根证书文件</source>
        <translation>Root certificate file</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="153"/>
        <source>注册码(&amp;C)</source>
        <translation>Enrollment &amp;code</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="154"/>
        <source>本机名称</source>
        <translation>Device name</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="181"/>
        <source>本机已注册</source>
        <translation>Device enrolled</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="190"/>
        <source>已锁定 — 请重新登录</source>
        <translation>Locked — please sign in again</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="190"/>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="201"/>
        <source>用户名(&amp;U)</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="202"/>
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="218"/>
        <source>正在登录…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="244"/>
        <source>本机尚无事项目录，请联网登录一次</source>
        <translation>No item catalog on this device yet: sign in once while online</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="267"/>
        <source>%1（%2） %3</source>
        <translation>%1 (%2) %3</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="268"/>
        <source>登录成功</source>
        <translation>Signed in</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="288"/>
        <source>姓名、办件编号、身份证号或其后六位 (Ctrl+F)</source>
        <translation>Name, case number, ID number or its last six digits (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="291"/>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="298"/>
        <source>全部时限</source>
        <translation>All time limits</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="303"/>
        <source>全部窗口</source>
        <translation>All windows</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="308"/>
        <source>全部事项</source>
        <translation>All items</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="314"/>
        <source>仅未办结</source>
        <translation>Open cases only</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="316"/>
        <source>最新收件在前</source>
        <translation>Newest first</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="317"/>
        <source>最先到期在前</source>
        <translation>Earliest due first</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="325"/>
        <source>收件日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="340"/>
        <source>新建办件 (Ctrl+N)</source>
        <translation>New case (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="369"/>
        <source>办件 (&amp;1)</source>
        <translation>Cases (&amp;1)</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="374"/>
        <source>事项目录 (&amp;2)</source>
        <translation>Catalog (&amp;2)</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="383"/>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="387"/>
        <source>办事指南已导出：%1</source>
        <translation>Service guide exported: %1</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="410"/>
        <source>已显示 %1 件，向下滚动加载更多</source>
        <translation>Showing %1; scroll down for more</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="411"/>
        <source>共 %1 件</source>
        <translation>Total: %1</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="423"/>
        <source>办件(&amp;C)</source>
        <translation>&amp;Cases</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="424"/>
        <source>新建办件</source>
        <translation>New case</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="429"/>
        <source>搜索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="434"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="436"/>
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="437"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="439"/>
        <source>设置(&amp;S)</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="440"/>
        <source>本机用户…</source>
        <translation>Local users…</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="441"/>
        <source>界面语言 / Language</source>
        <translation>Language / 界面语言</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="448"/>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="449"/>
        <source>重新启动本程序后生效。
Takes effect when the program is started again.</source>
        <translation>Takes effect when the program is started again.
重新启动本程序后生效。</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="461"/>
        <source>为本服务场所的其他用户开通本机</source>
        <translation>Open this device to another user of this site</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="463"/>
        <source>请该用户本人输入用户名和密码（须联网验证）。</source>
        <translation>The user enters their own user name and password (checked online).</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="467"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="468"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="487"/>
        <source>编号或证件号请至少输入 3 位</source>
        <translation>Type at least 3 characters of a number or ID</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="568"/>
        <source>通知书生成失败：%1</source>
        <translation>Could not create the notice: %1</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="572"/>
        <source>已生成：%1</source>
        <translation>Created: %1</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="616"/>
        <source>尚未同步</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="619"/>
        <source>同步中… 待上传 %1，已下载 %2</source>
        <translation>Syncing… %1 to upload, %2 downloaded</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="622"/>
        <source>已同步 %1</source>
        <translation>Synced %1</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="628"/>
        <source>离线（待上传 %1）</source>
        <translation>Offline (%1 to upload)</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="631"/>
        <source>同步出错</source>
        <translation>Sync error</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="652"/>
        <source>注册失败</source>
        <translation>Enrollment failed</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="657"/>
        <source>开通失败</source>
        <translation>Could not add the user</translation>
    </message>
    <message>
        <location filename="../../client/ui/main_window.cpp" line="660"/>
        <location filename="../../client/ui/main_window.cpp" line="667"/>
        <source>无法打开本机数据库</source>
        <translation>Cannot open the local database</translation>
    </message>
</context>
<context>
    <name>bianmin::ui::NewCaseDialog</name>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="43"/>
        <source>新建办件</source>
        <translation>New case</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="57"/>
        <source>上一步(&amp;B)</source>
        <translation>&amp;Back</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="58"/>
        <source>下一步(&amp;N)</source>
        <translation>&amp;Next</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="60"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="96"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="101"/>
        <source>居民身份证</source>
        <translation>Resident ID card</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="102"/>
        <source>其他证件</source>
        <translation>Other ID</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="111"/>
        <source>姓名(&amp;M)</source>
        <translation>Na&amp;me</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="112"/>
        <source>证件类型</source>
        <translation>ID type</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="113"/>
        <source>证件号码(&amp;I)</source>
        <translation>&amp;ID number</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="115"/>
        <source>联系电话(&amp;P)</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="116"/>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="119"/>
        <source>代理人 / 联系人</source>
        <translation>Agent / contact</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="121"/>
        <source>由他人代为申请(&amp;A)</source>
        <translation>Submitted by an &amp;agent</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="127"/>
        <source>已签署委托书（村代办）</source>
        <translation>Power of attorney signed (village agent)</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="129"/>
        <source>代理人姓名</source>
        <translation>Agent&apos;s name</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="130"/>
        <source>代理人证件号码</source>
        <translation>Agent&apos;s ID number</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="131"/>
        <source>代理人电话</source>
        <translation>Agent&apos;s phone</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="160"/>
        <source>逐项核对申请材料：空格键勾选，方向键移动。</source>
        <translation>Check the materials one by one: Space ticks, the arrow keys move.</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="165"/>
        <source>材料名称</source>
        <translation>Material</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="165"/>
        <location filename="../../client/ui/new_case_dialog.cpp" line="371"/>
        <source>必要</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="165"/>
        <source>已收</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="165"/>
        <source>原件已核验</source>
        <translation>Original verified</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="165"/>
        <source>复印件份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="170"/>
        <source>全部已收(&amp;R)</source>
        <translation>All &amp;received</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="191"/>
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="193"/>
        <source>即办件，当场办结</source>
        <translation>Immediate case: complete on the spot</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="195"/>
        <source>办理结果名称，如：证明</source>
        <translation>Name of the result, e.g. certificate</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="197"/>
        <source>受理并打印受理通知书(&amp;S)</source>
        <translation>Accep&amp;t and print acceptance notice</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="200"/>
        <source>办理结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="205"/>
        <source>材料不全：出具一次性告知书(&amp;G)</source>
        <translation>Materials incomplete: issue &amp;one-time notice</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="209"/>
        <source>不予受理</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="213"/>
        <source>不予受理的理由，每行一条（必填）</source>
        <translation>Reasons for refusal, one per line (required)</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="215"/>
        <source>已告知申请人依法申请行政复议或者提起行政诉讼的权利</source>
        <translation>Applicant told of the right to administrative reconsideration or an administrative lawsuit</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="217"/>
        <source>不予受理并打印通知书(&amp;J)</source>
        <translation>Re&amp;fuse and print notice</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="235"/>
        <source>第一步：选择事项（输入名称或拼音首字母）</source>
        <translation>Step 1: choose the item (type its name or pinyin initials)</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="236"/>
        <source>第二步：申请人信息</source>
        <translation>Step 2: applicant</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="237"/>
        <source>第三步：核对申请材料</source>
        <translation>Step 3: check the materials</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="238"/>
        <source>第四步：受理决定</source>
        <translation>Step 4: decision</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="269"/>
        <source>事项不存在：%1</source>
        <translation>No such item: %1</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="310"/>
        <source>✓ 身份证号码有效</source>
        <translation>✓ Valid ID number</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="313"/>
        <source>已输入 %1 位，共 18 位</source>
        <translation>%1 of 18 digits entered</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="322"/>
        <source>请填写申请人姓名</source>
        <translation>Enter the applicant&apos;s name</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="327"/>
        <source>请填写申请人证件号码</source>
        <translation>Enter the applicant&apos;s ID number</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="333"/>
        <source>身份证号码有误：%1</source>
        <translation>Invalid ID number: %1</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="339"/>
        <source>联系电话格式不正确</source>
        <translation>Invalid phone number</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="344"/>
        <source>请填写代理人姓名</source>
        <translation>Enter the agent&apos;s name</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="349"/>
        <source>代理人身份证号码有误：%1</source>
        <translation>Invalid agent ID number: %1</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="366"/>
        <source>原件 %1 份，复印件 %2 份
审查要点：%3
来源：%4</source>
        <translation>Originals: %1, copies: %2
Check: %3
Issued by: %4</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="371"/>
        <source>非必要</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="421"/>
        <source>&lt;b&gt;申请人：&lt;/b&gt;%1&#x3000;&lt;b&gt;事项：&lt;/b&gt;%2&lt;br&gt;</source>
        <translation>&lt;b&gt;Applicant:&lt;/b&gt; %1&amp;nbsp;&amp;nbsp;&amp;nbsp;&lt;b&gt;Item:&lt;/b&gt; %2&lt;br&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="424"/>
        <source>&lt;span style=&apos;color:#2e7d32&apos;&gt;必要材料齐全，可以受理。&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#2e7d32&apos;&gt;All required materials are present: the case can be accepted.&lt;/span&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="429"/>
        <source>&lt;span style=&apos;color:#c62828&apos;&gt;缺少必要材料 %1 项：%2。应一次性告知申请人需补正的全部内容。&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#c62828&apos;&gt;%1 required materials missing: %2. Tell the applicant, at one time, everything that must be supplied.&lt;/span&gt;</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="461"/>
        <source>受理后立即转报至 %1</source>
        <translation>Forward to %1 right after acceptance</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="490"/>
        <source>必要材料不齐全，不能受理；请出具一次性告知书</source>
        <translation>Required materials are missing, so the case cannot be accepted: issue a one-time notice of missing materials</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="515"/>
        <source>必要材料已齐全，无需一次性告知</source>
        <translation>All required materials are present: no one-time notice needed</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="529"/>
        <source>不予受理须写明理由</source>
        <translation>A refusal must state its reasons</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="534"/>
        <source>须告知申请人申请行政复议或提起行政诉讼的权利</source>
        <translation>The applicant must be told of the right to administrative reconsideration or an administrative lawsuit</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="548"/>
        <source>正在生成临时办件编号，请稍候再试</source>
        <translation>Generating a provisional case number: please try again in a moment</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="568"/>
        <source>本事项在本级办结，无需转报</source>
        <translation>This item is completed at this level: no forwarding needed</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="608"/>
        <source>无法生成临时办件编号：%1</source>
        <translation>Cannot generate a provisional case number: %1</translation>
    </message>
    <message>
        <location filename="../../client/ui/new_case_dialog.cpp" line="614"/>
        <source>保存失败：%1</source>
        <translation>Save failed: %1</translation>
    </message>
</context>
</TS>
