import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DomainError } from '../../common/errors/domain-error.js';
import { keyset, type Page, toPage } from '../../common/pagination/cursor.js';
import { canSeeCompany, visibleOr } from '../auth/access.js';
import type { Principal } from '../auth/roles.js';
import { toUserView, type UserView, UsersService } from '../auth/users.service.js';
import { Company } from './company.schema.js';
import type { CreateCompanyDto } from './dto/create-company.dto.js';
import { ErrorCode } from '../../common/errors/error-codes.js';

export interface CompanyView {
  id: string;
  name: string;
  website: string | null;
  createdAt: Date;
}

const toView = (c: Company): CompanyView => ({ id: c._id, name: c.name, website: c.website ?? null, createdAt: c.createdAt });
const notFound = () => DomainError.notFound(ErrorCode.COMPANY_NOT_FOUND, 'Company');

@Injectable()
export class CompaniesService {
  constructor(
    @InjectModel(Company.name) private readonly companies: Model<Company>,
    private readonly users: UsersService,
  ) {}

  async create(principal: Principal, dto: CreateCompanyDto): Promise<CompanyView> {
    const company = await this.companies.create({ _id: randomUUID(), name: dto.name, website: dto.website, createdBy: principal.userId });
    return toView(company.toObject());
  }

  async list(limit: number, cursor?: string): Promise<Page<CompanyView>> {
    const page = keyset({ field: 'createdAt', direction: -1 }, cursor);
    const rows = await this.companies.find(page.filter).sort(page.sort).limit(limit + 1).lean<Company[]>().exec();
    return toPage(rows, limit, 'createdAt', toView);
  }

  /** Admins see any company, employers their own; anyone else gets COMPANY_NOT_FOUND. */
  async get(principal: Principal, id: string): Promise<CompanyView> {
    const company = await this.companies.findById(id).lean<Company>().exec();
    return toView(visibleOr(company, (c) => canSeeCompany(principal, c._id), notFound));
  }

  /** The company as its own employee sees it, or null (none, or one that no longer exists). */
  async findForMember(principal: Principal): Promise<CompanyView | null> {
    if (!principal.companyId) return null;
    const company = await this.companies.findById(principal.companyId).lean<Company>().exec();
    return company ? toView(company) : null;
  }

  async attachEmployer(id: string, sub: string): Promise<UserView> {
    await this.requireExists(id);
    return toUserView(await this.users.attachToCompany(id, sub));
  }

  async detachEmployer(id: string, userId: string): Promise<void> {
    await this.requireExists(id);
    if (!(await this.users.detachFromCompany(id, userId))) throw DomainError.notFound(ErrorCode.EMPLOYER_NOT_FOUND, 'Employer');
  }

  async employers(principal: Principal, id: string, limit: number, cursor?: string): Promise<Page<UserView>> {
    await this.get(principal, id);
    return this.users.listByCompany(id, limit, cursor);
  }

  /** Company names by id, for the dashboard's lists. */
  async namesByIds(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.companies.find({ _id: { $in: [...new Set(ids)] } }, { name: 1 }).lean<Pick<Company, '_id' | 'name'>[]>().exec();
    return new Map(rows.map((c) => [c._id, c.name]));
  }

  /** The company and its employers' ids, as the audit log keeps them around an admin's change. */
  async auditSnapshot(id: string): Promise<{ company: CompanyView; employerIds: string[] } | null> {
    const company = await this.companies.findById(id).lean<Company>().exec();
    if (!company) return null;
    const employers = await this.users.listByCompany(id, 100);
    return { company: toView(company), employerIds: employers.items.map((u) => u.id) };
  }

  private async requireExists(id: string): Promise<void> {
    if (!(await this.companies.exists({ _id: id }).exec())) throw notFound();
  }
}
