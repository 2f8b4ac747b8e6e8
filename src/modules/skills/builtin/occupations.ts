// Occupations the product knows without an imported taxonomy, written by the Crowdhire team
// (CC0): titles they go by and the skills (built-in names) most of their job posts expect.
// An imported ESCO/O*NET taxonomy adds thousands more (see taxonomy-loader.ts).

export interface BuiltinOccupation {
  title: string;
  titles: string[];
  skills: string[];
}

export const BUILTIN_OCCUPATIONS: BuiltinOccupation[] = [
  { title: 'software developer', titles: ['software engineer', 'programmer', 'application developer'], skills: ['Git', 'SQL', 'QA'] },
  { title: 'backend developer', titles: ['backend engineer', 'back-end developer', 'server-side developer'], skills: ['API Design', 'SQL', 'Databases', 'Git'] },
  { title: 'frontend developer', titles: ['frontend engineer', 'front-end developer', 'web developer'], skills: ['JavaScript', 'HTML', 'CSS', 'Git'] },
  { title: 'full stack developer', titles: ['full-stack developer', 'fullstack engineer', 'full stack engineer'], skills: ['JavaScript', 'SQL', 'HTML', 'CSS', 'Git'] },
  { title: 'mobile developer', titles: ['ios developer', 'android developer', 'mobile engineer'], skills: ['Mobile Development', 'Git'] },
  { title: 'data engineer', titles: ['etl developer', 'big data engineer'], skills: ['SQL', 'Python', 'Data Engineering'] },
  { title: 'data scientist', titles: ['machine learning engineer', 'ml engineer'], skills: ['Python', 'Statistics', 'Machine Learning', 'SQL'] },
  { title: 'data analyst', titles: ['business intelligence analyst', 'bi analyst', 'reporting analyst'], skills: ['SQL', 'Excel', 'Data Visualization'] },
  { title: 'devops engineer', titles: ['site reliability engineer', 'platform engineer', 'cloud engineer'], skills: ['Linux', 'Docker', 'Kubernetes', 'CI/CD'] },
  { title: 'qa engineer', titles: ['test engineer', 'software tester', 'quality assurance engineer'], skills: ['QA', 'Test Automation'] },
  { title: 'marketing manager', titles: ['marketing specialist', 'digital marketing manager', 'digital marketing specialist', 'marketing executive'], skills: ['Marketing', 'Digital Marketing', 'SEO', 'Google Analytics'] },
  { title: 'sales manager', titles: ['account executive', 'sales representative', 'business development manager'], skills: ['Sales', 'Negotiation', 'CRM'] },
  { title: 'human resources manager', titles: ['hr manager', 'hr business partner', 'human resources generalist', 'hr generalist'], skills: ['Human Resource Management', 'Recruitment', 'Employment Law', 'Payroll'] },
  { title: 'recruiter', titles: ['talent acquisition specialist', 'recruitment consultant', 'technical recruiter'], skills: ['Recruitment', 'Communication'] },
  { title: 'accountant', titles: ['financial accountant', 'staff accountant', 'chartered accountant'], skills: ['Accounting', 'Financial Reporting', 'Excel'] },
  { title: 'tax specialist', titles: ['vat specialist', 'tax accountant', 'tax advisor', 'indirect tax manager', 'vat manager'], skills: ['Taxation', 'VAT', 'Accounting'] },
  { title: 'internal auditor', titles: ['internal audit manager', 'it auditor', 'audit senior'], skills: ['Internal Audit', 'Risk Management', 'Internal Controls'] },
  { title: 'civil engineer', titles: ['structural engineer', 'site engineer', 'highway engineer'], skills: ['Civil Engineering', 'AutoCAD', 'Structural Engineering'] },
  { title: 'mechanical engineer', titles: ['design engineer', 'hvac engineer', 'product design engineer'], skills: ['Mechanical Engineering', 'SolidWorks', 'CAD'] },
  { title: 'project manager', titles: ['programme manager', 'program manager', 'delivery manager'], skills: ['Project Management', 'Stakeholder Management', 'MS Project'] },
  { title: 'nurse', titles: ['registered nurse', 'staff nurse', 'nurse practitioner'], skills: ['Nursing', 'Patient Care'] },
];
