#pragma once
// 好差评 at the counter: the clerk turns the screen (or the tablet) toward the applicant, who
// chooses one of five levels and may write a comment. Big targets, the applicant's name, and no
// default choice: the clerk can not just press Enter on the applicant's behalf.
//
// Threading: GUI thread only.
#include <QDialog>

class QButtonGroup;
class QPlainTextEdit;
class QPushButton;

namespace bianmin::ui {

class EvaluationDialog final : public QDialog {
    Q_OBJECT
public:
    explicit EvaluationDialog(const QString& applicantName, QWidget* parent = nullptr);
    int level() const { return m_level; } // 1 非常满意 … 5 非常不满意; 0 before a choice
    QString comment() const;
    void choose(int level); // as the applicant's click

private:
    QButtonGroup* m_group = nullptr;
    QPlainTextEdit* m_comment = nullptr;
    QPushButton* m_submit = nullptr;
    int m_level = 0;
};

} // namespace bianmin::ui
