#include "client/ui/evaluation_dialog.h"

#include "client/ui/ui_text.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace bianmin::ui {

EvaluationDialog::EvaluationDialog(const QString& applicantName, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("请您评价"));
    auto* v = new QVBoxLayout(this);
    auto* hello = new QLabel(tr("%1，您好！请对本次办事服务作出评价：").arg(applicantName), this);
    hello->setStyleSheet(QStringLiteral("font-size: 16pt;"));
    v->addWidget(hello);
    auto* row = new QHBoxLayout;
    m_group = new QButtonGroup(this);
    // Stars, not faces: every counter PC has a font with ★ (emoji fonts are not a given).
    static const char* const kFaces[] = {"★★★★★", "★★★★☆", "★★★☆☆", "★★☆☆☆", "★☆☆☆☆"};
    for (int level = 1; level <= 5; ++level) {
        auto* b = new QPushButton(QString::fromUtf8(kFaces[level - 1]) + QStringLiteral("\n") +
                                      evaluationText(level),
                                  this);
        b->setObjectName(QStringLiteral("level%1").arg(level));
        b->setCheckable(true);
        // A font, not a style sheet: the size hint then knows the text, in any language.
        QFont big = b->font();
        big.setPointSize(15);
        b->setFont(big);
        b->setMinimumSize(b->sizeHint().expandedTo(QSize(120, 90)));
        b->setAutoDefault(false);
        m_group->addButton(b, level);
        row->addWidget(b);
    }
    v->addLayout(row);
    v->addWidget(new QLabel(tr("意见或建议（可不填）："), this));
    m_comment = new QPlainTextEdit(this);
    m_comment->setMaximumHeight(90);
    v->addWidget(m_comment);
    m_submit = new QPushButton(tr("提交评价"), this);
    m_submit->setEnabled(false);
    m_submit->setAutoDefault(false);
    v->addWidget(m_submit, 0, Qt::AlignRight);
    connect(m_group, &QButtonGroup::idClicked, this, &EvaluationDialog::choose);
    connect(m_submit, &QPushButton::clicked, this, &QDialog::accept);
}

void EvaluationDialog::choose(int level) {
    m_level = level;
    if (auto* b = m_group->button(level))
        b->setChecked(true);
    m_submit->setEnabled(level >= 1 && level <= 5);
}

QString EvaluationDialog::comment() const {
    return m_comment->toPlainText().trimmed();
}

} // namespace bianmin::ui
